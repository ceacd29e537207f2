import { sql } from "drizzle-orm";
import type { Ctx } from "@/lib/core/ctx";
import { at, rowsOf } from "@/lib/core/sql";
import { zonedDayStart } from "@/lib/core/time";
import { requireReports } from "./figures";
import { resolvePeriod, type ReportPeriod, type ReportPeriodInput } from "./period";
import { snapshotted } from "./snapshots";
import { HOLDER_ID, liveAt, MEMBERSHIP_HOLDINGS, num, sessionsRun, share, studioParam } from "./sql";

/** The months ("YYYY-MM") a period touches, in order. */
export function monthsOf(p: Pick<ReportPeriod, "from" | "to">): string[] {
  const out: string[] = [];
  let [y, m] = [Number(p.from.slice(0, 4)), Number(p.from.slice(5, 7))];
  const last = p.to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    out.push(key);
    if (key >= last) return out;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
}

function nextMonth(month: string): string {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

export type RevenueMonth = {
  month: string;
  memberships: number;
  dropIns: number;
  other: number;
  refunds: number;
  net: number;
};

/** R9 revenueCents by month of the studio's calendar and by source (same rows as the summary). */
export async function revenueByMonth(ctx: Ctx, raw: ReportPeriodInput = {}): Promise<RevenueMonth[]> {
  requireReports(ctx);
  const p = resolvePeriod(ctx, raw);
  const s = studioParam(ctx);
  const months = monthsOf(p);
  // Where each month of the studio's calendar starts (and the last one ends), as instants: a payment's month is
  // the bucket its instant falls in (width_bucket: 1 is the first month), so no row is converted to the zone.
  // Converting each of a year's payments to local time was most of this report's time (~170 of ~270 ms at
  // 450,000 payments); a search among 13 sorted instants is not.
  const starts = [...months, nextMonth(months[months.length - 1]!)].map((m) => zonedDayStart(`${m}-01`, p.timeZone)!);
  const edges = sql`array[${sql.join(starts.map(at), sql`, `)}]`;
  const result = await ctx.db.execute(sql`select r.bucket, r.source, sum(r.cents)::bigint as cents
    from (
      select width_bucket(p.paid_at, ${edges}) as bucket, p.amount_cents as cents,
        case when p.membership_id is not null then 'memberships' when p.booking_id is not null then 'dropIns' else 'other' end as source
      from payments p
      where p.studio_id = ${s} and p.status = 'paid' and p.paid_at >= ${at(p.start)} and p.paid_at < ${at(p.end)}
      union all
      select width_bucket(r.created_at, ${edges}), -r.amount_cents, 'refunds' from refunds r
      where r.studio_id = ${s} and r.created_at >= ${at(p.start)} and r.created_at < ${at(p.end)}
    ) r group by 1, 2`);
  const byMonth = months.map((m) => ({ month: m, memberships: 0, dropIns: 0, other: 0, refunds: 0, net: 0 }));
  for (const row of rowsOf<{ bucket: unknown; source: keyof Omit<RevenueMonth, "month" | "net">; cents: unknown }>(
    result,
  )) {
    const m = byMonth[num(row.bucket) - 1];
    if (!m) continue;
    m[row.source] += num(row.cents);
    m.net += num(row.cents);
  }
  return byMonth;
}

export type MembersMonth = { month: string; activeMembers: number };

/**
 * R9 activeMembers at the end of each month of the period (the last one: now, if the month is not over), as of a
 * snapshot at most SNAPSHOT_FRESH_MS old (lib/reports/snapshots.ts).
 */
export async function activeMembersByMonth(ctx: Ctx, raw: ReportPeriodInput = {}): Promise<MembersMonth[]> {
  requireReports(ctx);
  const p = resolvePeriod(ctx, raw);
  return (await snapshotted(ctx, `members:${p.from}:${p.to}`, (c) => computeActiveMembersByMonth(c, p))).value;
}

/** activeMembersByMonth computed from the tables (no permission check: the verb and the refresh job call it). */
export async function computeActiveMembersByMonth(
  ctx: Pick<Ctx, "db" | "studio">,
  p: ReportPeriod,
): Promise<MembersMonth[]> {
  const months = monthsOf(p);
  const instants = months.map((m) => {
    const end = zonedDayStart(`${nextMonth(m)}-01`, p.timeZone)!;
    return new Date(Math.min(end.getTime(), p.asOf.getTime()));
  });
  // One pass: each membership that can be live at one of the instants gets a bit mask of the instants it is live at
  // (bit i: liveAt(instant i)); a client's memberships are OR-ed together, so the clients (not erased, as holders()
  // keeps them) are counted per instant, each once. The same people as count(distinct) over holders(liveAt(t)) at
  // each instant, with one small aggregate per client instead of one per instant. MAX_PERIOD_DAYS (731) touches at
  // most 25 months, so the mask fits an int.
  if (instants.length > 30) throw new Error("activeMembersByMonth: more months than an int mask holds");
  const s = studioParam(ctx);
  const first = at(instants[0]!);
  const last = at(instants[instants.length - 1]!);
  const mask = sql.join(
    instants.map((d, i) => sql`case when ${liveAt(at(d))} then ${sql.raw(String(2 ** i))} else 0 end`),
    sql` | `,
  );
  const result = await ctx.db.execute(sql`select ${sql.join(
    instants.map(
      (_, i) => sql`count(*) filter (where x.mask & ${sql.raw(String(2 ** i))} <> 0)::int as ${sql.raw(`n${i}`)}`,
    ),
    sql`, `,
  )}
    from (
      select ${HOLDER_ID} as client_id, bit_or(${mask}) as mask
      from ${MEMBERSHIP_HOLDINGS}
      where m.studio_id = ${s} and m.starts_at <= ${last} and (m.ends_at is null or m.ends_at > ${first})
        and (m.cancelled_at is null or m.cancelled_at > ${first})
      group by 1) x
    join clients hc on hc.studio_id = ${s} and hc.id = x.client_id and hc.erased_at is null
    where x.mask <> 0`);
  const row = rowsOf<Record<string, unknown>>(result)[0] ?? {};
  return months.map((month, i) => ({ month, activeMembers: num(row[`n${i}`]) }));
}

export type AttendanceWeek = { week: string; attendance: number };

/**
 * R9 attendance by week (weeks start on Monday, in the studio's zone; `week` is that Monday): each session's
 * places taken (booked_count, kept equal to its live bookings by B1) less its no-shows, as the summary counts.
 * Weeks with nobody attending are left out, as they were when bookings were counted one by one.
 */
export async function attendanceByWeek(ctx: Ctx, raw: ReportPeriodInput = {}): Promise<AttendanceWeek[]> {
  requireReports(ctx);
  const p = resolvePeriod(ctx, raw);
  const result = await ctx.db
    .execute(sql`select to_char(date_trunc('week', s.starts_at at time zone ${p.timeZone}), 'YYYY-MM-DD') as week,
      (sum(s.booked_count) - coalesce(sum(ns.n), 0))::int as n
    from class_sessions s
    left join lateral (select count(*) as n from bookings b
      where b.studio_id = s.studio_id and b.session_id = s.id and b.status = 'no_show') ns on true
    where ${sessionsRun(ctx, p.start, p.end, ctx.now)}
    group by 1 having sum(s.booked_count) > coalesce(sum(ns.n), 0) order by 1`);
  return rowsOf<{ week: string; n: number }>(result).map((r) => ({ week: r.week, attendance: num(r.n) }));
}

export type FillRow = {
  key: string;
  label: string;
  sessions: number;
  booked: number;
  capacity: number;
  fillRate: number | null;
};
export type FillSlot = {
  weekday: number;
  hour: number;
  sessions: number;
  booked: number;
  capacity: number;
  fillRate: number | null;
};
export type FillBreakdown = { byClass: FillRow[]; byInstructor: FillRow[]; bySlot: FillSlot[] };

/**
 * R9 fill rate by class, by instructor (the session's own, else its class's, T3)
 * and by weekday × hour of the studio's zone (weekday 1 = Monday … 7 = Sunday).
 * Same sessions and places as the summary's fillRate: a session's places taken are its booked_count (B1).
 */
export async function fillBreakdown(ctx: Ctx, raw: ReportPeriodInput = {}): Promise<FillBreakdown> {
  requireReports(ctx);
  const p = resolvePeriod(ctx, raw);
  const s = studioParam(ctx);
  const result = await ctx.db.execute(sql`select s.id, s.class_id, c.title, s.capacity,
      coalesce(s.instructor_id, c.instructor_id) as instructor_id, coalesce(u.name, u.email) as instructor,
      extract(isodow from s.starts_at at time zone ${p.timeZone})::int as weekday,
      extract(hour from s.starts_at at time zone ${p.timeZone})::int as hour,
      s.booked_count as booked
    from class_sessions s
    join classes c on c.studio_id = s.studio_id and c.id = s.class_id
    left join users u on u.id = coalesce(s.instructor_id, c.instructor_id)
    where ${sessionsRun(ctx, p.start, p.end, ctx.now)} and s.studio_id = ${s}`);
  type Row = {
    class_id: string;
    title: string;
    capacity: number;
    instructor_id: string | null;
    instructor: string | null;
    weekday: number;
    hour: number;
    booked: number;
  };
  const rows = rowsOf<Row>(result);
  const group = <K extends string>(key: (r: Row) => K, label: (r: Row) => string): FillRow[] => {
    const map = new Map<K, FillRow>();
    for (const r of rows) {
      const k = key(r);
      const g = map.get(k) ?? { key: k, label: label(r), sessions: 0, booked: 0, capacity: 0, fillRate: null };
      g.sessions += 1;
      g.booked += num(r.booked);
      g.capacity += num(r.capacity);
      map.set(k, g);
    }
    return [...map.values()]
      .map((g) => ({ ...g, fillRate: share(g.booked, g.capacity) }))
      .sort((a, b) => (a.fillRate ?? 0) - (b.fillRate ?? 0) || a.label.localeCompare(b.label));
  };
  const byClass = group(
    (r) => r.class_id,
    (r) => r.title,
  );
  const byInstructor = group(
    (r) => r.instructor_id ?? "none",
    (r) => r.instructor ?? "No instructor named",
  );
  const slots = new Map<string, FillSlot>();
  for (const r of rows) {
    const k = `${r.weekday}-${r.hour}`;
    const g = slots.get(k) ?? {
      weekday: num(r.weekday),
      hour: num(r.hour),
      sessions: 0,
      booked: 0,
      capacity: 0,
      fillRate: null,
    };
    g.sessions += 1;
    g.booked += num(r.booked);
    g.capacity += num(r.capacity);
    slots.set(k, g);
  }
  const bySlot = [...slots.values()]
    .map((g) => ({ ...g, fillRate: share(g.booked, g.capacity) }))
    .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
  return { byClass, byInstructor, bySlot };
}
