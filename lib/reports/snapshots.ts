import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "@/lib/core/ctx";
import { at, rowsOf } from "@/lib/core/sql";

/**
 * R9 speed (issue 17): a report served from a snapshot of itself.
 *
 * At the scale of a studio chain (100,000 clients, 1,000,000 bookings) the summary reads every membership and the
 * year's payments, about half a second of Postgres's time; the list of clients at risk reads every client. So a
 * report is computed once, stored with the instant it is of (`report_snapshots.as_of`), and served while it is
 * younger than SNAPSHOT_FRESH_MS; the `reports.refresh` job (every 5 minutes) recomputes the snapshots someone read
 * in the last day before they age out, so an owner opening Reports never waits for the computation. The page says
 * "as of" when it shows them. The first read of a report nobody asked for recently computes it there and then.
 *
 * Only a studio with snapshotMinClients() clients or more (20,000 by default) is served from snapshots; a smaller
 * one (nearly every studio: a few thousand clients count in tens of milliseconds) is counted afresh on every read,
 * so an owner who just sold a membership sees it at once. The line is the studio's size, counted when a report is
 * computed, not how long that took, so a busy machine never turns a small studio's reports stale.
 *
 * A snapshot holds numbers only (and, for `people:<figure>`, client ids in `report_people`); each is recomputed
 * from the tables by the same functions the tests compare with a recount.
 */

/**
 * A studio with fewer clients (not erased) than this is not served from snapshots: its reports are counted on every
 * read. Set ROSTER_REPORT_SNAPSHOT_MIN_CLIENTS to change it (0: every studio is served from snapshots).
 */
export function snapshotMinClients(): number {
  const raw = process.env.ROSTER_REPORT_SNAPSHOT_MIN_CLIENTS;
  const v = Number(raw);
  return raw !== undefined && raw !== "" && Number.isInteger(v) && v >= 0 ? v : 20_000;
}

/** How long after its instant a snapshot is served. */
export const SNAPSHOT_FRESH_MS = 10 * 60_000;
/** The job recomputes a snapshot older than this (and read in the last day), so a fresh one is always there. */
export const SNAPSHOT_REFRESH_AFTER_MS = 4 * 60_000;
/** The job keeps refreshing a snapshot this long after it was last read. */
export const SNAPSHOT_KEEP_WARM_MS = 24 * 3_600_000;
/** A snapshot not read for this long is deleted. */
export const SNAPSHOT_DROP_AFTER_MS = 7 * 24 * 3_600_000;

export type Snapshot<T> = { value: T; asOf: Date };

/**
 * Who asks: a reader (served a snapshot up to SNAPSHOT_FRESH_MS old; reading keeps it warm), or the refresh job
 * (recomputes one older than SNAPSHOT_REFRESH_AFTER_MS; its reads and writes keep nothing warm).
 */
export type SnapshotUse = { maxAgeMs: number; touch: boolean };
export const READER: SnapshotUse = { maxAgeMs: SNAPSHOT_FRESH_MS, touch: true };
export const REFRESHER: SnapshotUse = { maxAgeMs: SNAPSHOT_REFRESH_AFTER_MS, touch: false };

type SnapshotCtx = Pick<Ctx, "db" | "studio" | "now">;

function studio(ctx: Pick<Ctx, "studio">): SQL {
  return sql`${ctx.studio.id}::uuid`;
}

/** How many clients (not erased) the studio has: whether its reports are served from snapshots. */
async function studioClients(ctx: SnapshotCtx): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await ctx.db.execute(
      sql`select count(*)::int as n from clients where studio_id = ${studio(ctx)} and erased_at is null`,
    ),
  );
  return Number(row?.n ?? 0);
}

/**
 * The stored snapshot `key` if it is fresh enough for `use` at ctx.now: of an instant at most maxAgeMs before it,
 * or after it (the job stored it while this request was on its way: fresher still).
 */
async function readFresh<T>(ctx: SnapshotCtx, key: string, use: SnapshotUse): Promise<Snapshot<T> | null> {
  const oldest = at(new Date(ctx.now.getTime() - use.maxAgeMs));
  // A reader moves read_at at most once an hour, so reading a snapshot rarely writes.
  const rows = rowsOf<{ value: T; as_of: Date | string }>(
    await ctx.db.execute(sql`with hit as (
        select value, as_of, read_at from report_snapshots
        where studio_id = ${studio(ctx)} and key = ${key} and as_of > ${oldest}
          and clients >= ${snapshotMinClients()}),
      touched as (
        update report_snapshots r set read_at = now()
        from hit where ${use.touch}::boolean and r.studio_id = ${studio(ctx)} and r.key = ${key}
          and hit.read_at < now() - interval '1 hour')
      select value, as_of from hit`),
  );
  const row = rows[0];
  return row ? { value: row.value, asOf: new Date(row.as_of) } : null;
}

/** Stores `value` as snapshot `key` of ctx.now, unless a snapshot of a later instant is already there. */
async function store(ctx: SnapshotCtx, key: string, value: unknown, clients: number, use: SnapshotUse): Promise<void> {
  const readAt = use.touch ? sql`now()` : sql`report_snapshots.read_at`;
  await ctx.db.execute(sql`insert into report_snapshots (studio_id, key, as_of, value, clients)
    values (${studio(ctx)}, ${key}, ${at(ctx.now)}, ${JSON.stringify(value)}::jsonb, ${clients})
    on conflict (studio_id, key) do update set as_of = excluded.as_of, value = excluded.value,
      clients = excluded.clients, read_at = ${readAt}
    where report_snapshots.as_of <= excluded.as_of`);
}

/**
 * The report `key` as of ctx.now: its snapshot while fresh, else `compute(ctx)`, stored. The caller has checked
 * who may read it; `compute` must depend on nothing but the studio, ctx.now and what `key` names.
 */
export async function snapshotted<T>(
  ctx: SnapshotCtx,
  key: string,
  compute: (ctx: SnapshotCtx) => Promise<T>,
  use: SnapshotUse = READER,
): Promise<Snapshot<T>> {
  const hit = await readFresh<T>(ctx, key, use);
  if (hit) return hit;
  const size = await studioClients(ctx);
  const value = await compute(ctx);
  // A small studio's report is counted on every read: no snapshot to write (one stored when it was larger is ignored).
  if (size >= snapshotMinClients()) await store(ctx, key, value, size, use);
  return { value, asOf: ctx.now };
}

/**
 * The people behind a figure as of a fresh snapshot: `report_people` rows (studio, figure), rewritten with the
 * snapshot `people:<figure>` from `people` (a query of client ids) when it is not fresh. Returns how many. A studio
 * under snapshotMinClients() stores nothing (null): its people are read from the tables each time, as its other
 * reports are (a few thousand clients), so neither a read rewrites their rows nor a sale waits for a refresh.
 * One writer at a time per studio and figure (an advisory lock); a writer that waited finds the other's snapshot.
 */
async function storedPeople(
  ctx: SnapshotCtx,
  figure: string,
  people: SQL,
  use: SnapshotUse,
): Promise<Snapshot<number> | null> {
  const key = `people:${figure}`;
  const hit = await readFresh<number>(ctx, key, use);
  if (hit) return hit;
  if ((await studioClients(ctx)) < snapshotMinClients()) return null;
  return ctx.db.transaction(async (tx) => {
    const t: SnapshotCtx = { ...ctx, db: tx };
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${ctx.studio.id}:${key}`}, 0))`);
    const again = await readFresh<number>(t, key, use);
    if (again) return again;
    const size = await studioClients(t);
    // Only what changed is written: who left the set is deleted, who joined it inserted; the rest stays put, so a
    // refresh every few minutes of a set of 80,000 people leaves no 80,000 dead rows behind.
    const [counts] = rowsOf<{ n: number; gone: number; added: number }>(
      await tx.execute(sql`with now_people as materialized (select distinct p.client_id from (${people}) p),
        gone as (
          delete from report_people rp where rp.studio_id = ${studio(ctx)} and rp.figure = ${figure}
            and rp.client_id not in (select client_id from now_people)
          returning 1),
        added as (
          insert into report_people (studio_id, figure, client_id)
          select ${studio(ctx)}, ${figure}, client_id from now_people
          on conflict do nothing
          returning 1)
        select (select count(*) from now_people)::int as n, (select count(*) from gone)::int as gone,
          (select count(*) from added)::int as added`),
    );
    const n = Number(counts?.n ?? 0);
    // The list behind the tile joins these rows to clients; after a large change, fresh statistics keep the
    // planner paging by index rather than joining all of them.
    if (Number(counts?.gone ?? 0) + Number(counts?.added ?? 0) > Math.max(1000, n / 10)) {
      await tx.execute(sql`analyze report_people`);
    }
    // The rows are the list's source whatever the cost; the snapshot row says whether the next reader may use them.
    await store(t, key, n, size, use);
    return { value: n, asOf: ctx.now };
  });
}

/** How many people a figure has: storedPeople's number, or for a small studio counted now. */
export async function snapshottedPeople(
  ctx: SnapshotCtx,
  figure: string,
  people: SQL,
  use: SnapshotUse = READER,
): Promise<Snapshot<number>> {
  const stored = await storedPeople(ctx, figure, people, use);
  if (stored) return stored;
  const [row] = rowsOf<{ n: number }>(
    await ctx.db.execute(sql`select count(distinct p.client_id)::int as n from (${people}) p`),
  );
  return { value: Number(row?.n ?? 0), asOf: ctx.now };
}

/**
 * The condition (over `clients`) for "one of the people of `figure`": its snapshot's rows (storedPeople), or for a
 * small studio `people` itself.
 */
export async function inPeople(ctx: SnapshotCtx, figure: string, people: SQL): Promise<SQL> {
  const stored = await storedPeople(ctx, figure, people, READER);
  return stored
    ? sql`clients.id in (select rp.client_id from report_people rp
        where rp.studio_id = ${studio(ctx)} and rp.figure = ${figure})`
    : sql`clients.id in (select fp.client_id from (${people}) fp)`;
}

/**
 * The snapshots the refresh job should recompute at `now`: of a studio large enough, read in the last day,
 * older than the refresh age.
 */
export async function snapshotsToRefresh(db: Ctx["db"], now: Date): Promise<{ studioId: string; key: string }[]> {
  const rows = rowsOf<{ studio_id: string; key: string }>(
    await db.execute(sql`select studio_id, key from report_snapshots
      where read_at > ${at(new Date(now.getTime() - SNAPSHOT_KEEP_WARM_MS))} and clients >= ${snapshotMinClients()}
        and as_of < ${at(new Date(now.getTime() - SNAPSHOT_REFRESH_AFTER_MS))}
      order by studio_id, key`),
  );
  return rows.map((r) => ({ studioId: r.studio_id, key: r.key }));
}

/** Deletes the snapshots nobody read for SNAPSHOT_DROP_AFTER_MS (and the people of those that were people). */
export async function dropColdSnapshots(db: Ctx["db"], now: Date): Promise<void> {
  const before = at(new Date(now.getTime() - SNAPSHOT_DROP_AFTER_MS));
  await db.execute(sql`with gone as (
      delete from report_snapshots where read_at < ${before} returning studio_id, key)
    delete from report_people rp using gone
    where rp.studio_id = gone.studio_id and gone.key = 'people:' || rp.figure`);
}
