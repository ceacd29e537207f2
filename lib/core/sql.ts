import { sql, type SQL } from "drizzle-orm";

/**
 * A timestamp parameter for hand-written SQL. Drizzle encodes Dates only for
 * typed columns; a raw Date reaches the postgres driver unencoded, so raw
 * fragments send ISO text with an explicit cast (the same on Postgres and PGlite).
 */
export function at(d: Date): SQL {
  return sql`${d.toISOString()}::timestamptz`;
}

/** The rows of `db.execute(...)`: the postgres driver answers an array, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** A LIKE pattern matching any text that contains `s` literally (its `%`, `_` and `\` escaped). */
export function containsPattern(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
