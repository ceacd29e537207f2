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

/**
 * The sort key a cursor carries, or null without one. `shape` is the number of
 * values, or a zod schema of the tuple (issue 14: a cursor whose values have
 * the wrong types is `400 invalid_input`, never a cast error in SQL). Anything
 * that is not a cursor this API gave out is refused the same way.
 */
export function decodeCursor(cursor: string | undefined, shape: number): unknown[] | null;
export function decodeCursor<S extends z.ZodType<unknown[]>>(cursor: string | undefined, shape: S): z.output<S> | null;
export function decodeCursor(cursor: string | undefined, shape: number | z.ZodType<unknown[]>): unknown[] | null {
  if (!cursor) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof shape === "number") {
      if (Array.isArray(v) && v.length === shape) return v;
    } else {
      const parsed = shape.safeParse(v);
      if (parsed.success) return parsed.data;
    }
  } catch {
    // fall through
  }
  throw new InvalidInputError("The cursor is not one this API gave out.", { cursor: ["Invalid cursor."] });
}

/** A cursor value that is an instant as toISOString writes it. */
export const CursorInstant = z.iso.datetime({ offset: true });

/** Takes `limit + 1` rows and turns the extra one into the next cursor. */
export function toPage<R, T>(rows: R[], limit: number, key: (row: R) => unknown[], map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { data: page.map(map), nextCursor: more ? encodeCursor(key(page[page.length - 1]!)) : null };
}
