import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { rowsOf } from "@/lib/core/sql";

/** Per table of the public schema: "rows:md5 of every row". Two equal snapshots mean nothing was written. */
export type Snapshot = Record<string, string>;

type Options = {
  /** Tables left out (each use says why). */
  skipTables?: string[];
  /** Columns left out of a table's hash, e.g. { api_keys: ["last_used_at"] }. */
  omitColumns?: Record<string, string[]>;
  /** Only this studio's rows (tables with a studio_id; `studios` by id); tables without one are left out. */
  studioId?: string;
};

let tableCache: { name: string; hasStudio: boolean }[] | undefined;

async function tables(db: Db) {
  if (!tableCache) {
    const rows = rowsOf<{ name: string; has_studio: boolean }>(
      await db.execute(sql`
        select t.table_name as name,
               exists (select 1 from information_schema.columns c
                        where c.table_schema = 'public' and c.table_name = t.table_name and c.column_name = 'studio_id') as has_studio
          from information_schema.tables t
         where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
         order by t.table_name`),
    );
    tableCache = rows.map((r) => ({ name: r.name, hasStudio: r.has_studio }));
  }
  return tableCache;
}

/** Every table's row count and a hash of its contents, in one statement. */
export async function snapshot(db: Db, opts: Options = {}): Promise<Snapshot> {
  const parts: string[] = [];
  for (const { name, hasStudio } of await tables(db)) {
    if (opts.skipTables?.includes(name)) continue;
    let where = "";
    if (opts.studioId) {
      if (name === "studios") where = `where t.id = '${opts.studioId}'`;
      else if (hasStudio) where = `where t.studio_id = '${opts.studioId}'`;
      else continue;
    }
    const omit = opts.omitColumns?.[name]?.length
      ? ` - array[${opts.omitColumns[name].map((c) => `'${c}'`).join(",")}]::text[]`
      : "";
    const row = `(to_jsonb(t)${omit})::text`;
    parts.push(
      `select '${name}' as name, count(*)::text || ':' || md5(coalesce(string_agg(${row}, '|' order by ${row}), '')) as v from "${name}" t ${where}`,
    );
  }
  const rows = rowsOf<{ name: string; v: string }>(await db.execute(sql.raw(parts.join("\nunion all\n"))));
  return Object.fromEntries(rows.map((r) => [r.name, r.v]));
}

/** The tables whose count or contents differ, e.g. ["bookings 3:ab… → 4:cd…"]. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).map((n) => `${n} ${before[n]} → ${after[n]}`);
}

/** The first transaction id not yet assigned: it moves whenever anything, anywhere in the cluster, writes. */
async function writeClock(db: Db): Promise<string> {
  const [row] = rowsOf<{ x: string }>(await db.execute(sql`select pg_snapshot_xmax(pg_current_snapshot())::text as x`));
  return row!.x;
}

/**
 * Runs calls and says which tables each changed. Every write takes a transaction
 * id, so when none was assigned during a call nothing was written and the
 * snapshot is skipped (on PGlite, where this process is the only writer, that
 * is nearly every call); otherwise the tables are hashed again and compared.
 */
export function writeWatch(db: Db) {
  let base: { key: string; clock: string; snap: Snapshot } | undefined;
  return async function watch<T>(opts: Options, fn: () => Promise<T>): Promise<{ result: T; changed: string[] }> {
    const key = JSON.stringify(opts);
    const clock = await writeClock(db);
    if (!base || base.key !== key || base.clock !== clock) base = { key, clock, snap: await snapshot(db, opts) };
    const result = await fn();
    const after = await writeClock(db);
    if (after === clock) return { result, changed: [] };
    const snap = await snapshot(db, opts);
    const changed = changedTables(base.snap, snap);
    base = { key, clock: after, snap };
    return { result, changed };
  };
}
