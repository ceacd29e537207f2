import { sql } from "drizzle-orm";
import type { Ctx } from "@/lib/core/ctx";
import { at, rowsOf } from "@/lib/core/sql";
import { dayInZone } from "@/lib/core/time";
import { requireReports } from "./figures";
import { monthsOf } from "./breakdowns";
import { resolvePeriod, type ReportPeriod, type ReportPeriodInput } from "./period";
import { snapshotted } from "./snapshots";
import { HOLDER_ID, MEMBERSHIP_HOLDINGS, num, share, studioParam } from "./sql";

export type Cohort = {
  /** "YYYY-MM", the studio's calendar month. */
  cohort: string;
  size: number;
  /** The share of the cohort active in its month (index 0) and each later month up to now or the period's end. */
  active: number[];
};

/**
 * R10: clients grouped by the month (studio's zone) of their first booking
 * (R1's first booking date: when it was made) or first own membership start,
 * whichever came first, for cohorts starting in the period. A client is
 * active in a month when they made a booking that month, came to a session
 * that month (booking not cancelled), or held a membership on some day of it
 * (own or a company's, not cancelled by then). Erased clients are left out.
 */
export async function getCohorts(ctx: Ctx, raw: ReportPeriodInput = {}): Promise<Cohort[]> {
  requireReports(ctx);
  const p = resolvePeriod(ctx, raw);
  return (await snapshotted(ctx, `cohorts:${p.from}:${p.to}`, (c) => computeCohorts(c, p))).value;
}

/**
 * getCohorts computed from the tables (no permission check: the verb and the refresh job call it). A studio
 * chain's year of cohorts reads every booking and membership of the clients who started in it (~140 ms at
 * 100,000 clients), so a large studio is served a snapshot at most SNAPSHOT_FRESH_MS old, as the summary is.
 */
export async function computeCohorts(ctx: Pick<Ctx, "db" | "studio">, p: ReportPeriod): Promise<Cohort[]> {
  const s = studioParam(ctx);
  const tz = p.timeZone;
  const result = await ctx.db.execute(sql`
    -- first_at is at most first_booking_at, so only a client with no booking, or a first one from the period's
    -- start on, can begin a cohort in it: that test (the clients_studio_first_booking_idx expression) finds them
    -- by index before their first own membership is looked up, instead of reading every client.
    with firsts as (
      select c.id as client_id,
        least(c.first_booking_at, (select min(m.starts_at) from memberships m where m.studio_id = c.studio_id and m.client_id = c.id)) as first_at
      from clients c
      where c.studio_id = ${s} and c.erased_at is null
        and (coalesce(c.first_booking_at, '-infinity'::timestamptz) = '-infinity'::timestamptz
          or coalesce(c.first_booking_at, '-infinity'::timestamptz) >= ${at(p.start)})
    ),
    members as (
      select client_id, to_char(first_at at time zone ${tz}, 'YYYY-MM') as cohort from firsts
      where first_at >= ${at(p.start)} and first_at < ${at(p.end)}
    ),
    activity as (
      select b.client_id, b.created_at as a0, b.created_at as a1 from bookings b
        where b.studio_id = ${s} and b.status <> 'cancelled' and b.client_id in (select client_id from members)
      union all
      select b.client_id, cs.starts_at, cs.starts_at from bookings b
        join class_sessions cs on cs.studio_id = b.studio_id and cs.id = b.session_id
        where b.studio_id = ${s} and b.status = 'booked' and b.client_id in (select client_id from members)
      union all
      select ${HOLDER_ID}, m.starts_at,
          least(coalesce(m.ends_at, 'infinity'), coalesce(m.cancelled_at, 'infinity'), ${at(p.asOf)})
        from ${MEMBERSHIP_HOLDINGS}
        where m.studio_id = ${s} and ${HOLDER_ID} in (select client_id from members)
    ),
    months as (
      select distinct a.client_id, to_char(g.m, 'YYYY-MM') as month
      from activity a
      cross join lateral generate_series(
        date_trunc('month', a.a0 at time zone ${tz}),
        date_trunc('month', (case when a.a1 > a.a0 then a.a1 - interval '1 microsecond' else a.a0 end) at time zone ${tz}),
        interval '1 month') as g(m)
      where a.a0 < ${at(p.asOf)} and a.a1 >= a.a0
    )
    select mb.cohort, mo.month, count(distinct mo.client_id)::int as n,
      (select count(*)::int from members x where x.cohort = mb.cohort) as size
    from members mb left join months mo on mo.client_id = mb.client_id and mo.month >= mb.cohort
    group by 1, 2`);
  const rows = rowsOf<{ cohort: string; month: string | null; n: number; size: number }>(result);
  const lastMonth = dayInZone(new Date(p.asOf.getTime() - 1), tz).slice(0, 7);
  const cohorts = new Map<string, { size: number; counts: Map<string, number> }>();
  for (const r of rows) {
    const c = cohorts.get(r.cohort) ?? { size: num(r.size), counts: new Map() };
    if (r.month) c.counts.set(r.month, num(r.n));
    cohorts.set(r.cohort, c);
  }
  return monthsOf(p)
    .filter((m) => cohorts.has(m))
    .map((cohort) => {
      const c = cohorts.get(cohort)!;
      const months = monthsOf({ from: `${cohort}-01`, to: `${lastMonth < cohort ? cohort : lastMonth}-01` });
      return { cohort, size: c.size, active: months.map((m) => share(c.counts.get(m) ?? 0, c.size) ?? 0) };
    });
}
