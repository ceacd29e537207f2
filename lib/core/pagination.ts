import { z } from "zod";
import { InvalidInputError } from "./errors";

/** `?limit=` of every list (API.md: 1–200, default 50). */
export const Limit = z.coerce
  .number({ error: "limit must be a number." })
  .int({ error: "limit must be a whole number." })
  .min(1, { error: "limit must be at least 1." })
  .max(200, { error: "limit must be at most 200." })
  .default(50);

export type Page<T> = { data: T[]; nextCursor: string | null };

/** An opaque cursor: the sort key of the last row returned, base64url JSON. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

export function decodeCursor(cursor: string | undefined, arity: number): unknown[] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === arity) return v;
  } catch {
    // fall through
  }
  throw new InvalidInputError("The cursor is not one this API gave out.", { cursor: ["Invalid cursor."] });
}

/** Takes `limit + 1` rows and turns the extra one into the next cursor. */
export function toPage<R, T>(rows: R[], limit: number, key: (row: R) => unknown[], map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { data: page.map(map), nextCursor: more ? encodeCursor(key(page[page.length - 1]!)) : null };
}
