import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "@/lib/core/ctx";
import { at } from "@/lib/core/sql";

/** Shared SQL pieces of the R9/R10 definitions. Every query is limited to `ctx.studio`. */

export const DAY_MS = 86_400_000;

export function studioParam(ctx: Pick<Ctx, "studio">): SQL {
  return sql`${ctx.studio.id}::uuid`;
}

/**
 * R9 "a member at instant t": a membership (alias `m`) that has started, has
 * not ended (M4), was not cancelled by then (M8), and is not inside its
 * suspension window (M9). A past-due membership still counts: the member has
 * not left, their payment is late. Unlike effectiveStatusSql this reads
 * history (`cancelled_at`), so it also answers for instants in the past.
 */
export function liveAt(t: SQL): SQL {
  return sql`(m.starts_at <= ${t} and (m.ends_at is null or m.ends_at > ${t})
    and (m.cancelled_at is null or m.cancelled_at > ${t})
    and not (m.status = 'cancelled' and m.cancelled_at is null)
    and not (m.suspended_from is not null and m.suspended_from <= ${t} and ${t} < m.suspended_until))`;
}

/**
 * Memberships (alias `m`), each joined to the clients it makes members (M7): the holder itself, or every client
 * linked to a holding company (alias `cc`). HOLDER_ID names that client on each row. Every report that counts
 * members reads memberships through these two, so "who holds a membership" has one meaning.
 */
export const MEMBERSHIP_HOLDINGS: SQL = sql.raw(
  "memberships m left join company_clients cc on m.company_id is not null and cc.studio_id = m.studio_id and cc.company_id = m.company_id",
);
export const HOLDER_ID: SQL = sql.raw("coalesce(m.client_id, cc.client_id)");

/**
 * The clients holding memberships (alias `m`) that match `where`: the holder
 * itself, or every client linked to a holding company (M7, "company-inherited").
 * Erased clients (P1) are left out: they are nobody to count or to message.
 * Rows: (client_id, membership_id); a client may appear once per membership.
 */
export function holders(ctx: Pick<Ctx, "studio">, where: SQL): SQL {
  const s = studioParam(ctx);
  return sql`select hc.id as client_id, m.id as membership_id
    from ${MEMBERSHIP_HOLDINGS}
    join clients hc on hc.studio_id = m.studio_id and hc.id = ${HOLDER_ID} and hc.erased_at is null
    where m.studio_id = ${s} and ${where}`;
}

/** Sessions (alias `s`) that ran in the period and are over by `now`, not cancelled: what attendance and fill read. */
export function sessionsRun(ctx: Pick<Ctx, "studio">, start: Date, end: Date, now: Date): SQL {
  return sql`s.studio_id = ${studioParam(ctx)} and s.cancelled_at is null
    and s.starts_at >= ${at(start)} and s.starts_at < ${at(end)} and s.ends_at <= ${at(now)}`;
}

/** A number column from a driver row (bigint and numeric arrive as text from postgres). */
export function num(v: unknown): number {
  return v === null || v === undefined ? 0 : Number(v);
}

/** A share rounded to 4 decimals (0.1234 = 12.34 %); null when there is nothing to divide by. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}
