import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { at, rowsOf } from "@/lib/core/sql";
import { LAPSED_AFTER_DAYS } from "@/lib/crm/client-stats";
import { resolvePeriod, type ReportPeriod, type ReportPeriodInput } from "./period";
import { inPeople, snapshotted, snapshottedPeople, type Snapshot, type SnapshotUse } from "./snapshots";
import { DAY_MS, HOLDER_ID, holders, liveAt, MEMBERSHIP_HOLDINGS, num, sessionsRun, share, studioParam } from "./sql";

/** R9: a client is at risk after this many days without a visit (the Overview's default). */
export const AT_RISK_DAYS = 21;
/** R9: memberships ending within this many days are "ending soon". */
export const ENDING_WITHIN_DAYS = 14;
/** R9: a pack with this many sessions left or fewer is "ending soon". */
export const LOW_SESSIONS = 2;

/** The figures of R9, named as the API's summary fields (API.md "Reports"). */
export const FIGURES = [
  "activeMembers",
  "newMemberships",
  "cancelledMemberships",
  "churnRate",
  "mrrCents",
  "revenueCents",
  "attendance",
  "fillRate",
  "paymentsDueCents",
  "endingSoon",
  "atRisk",
] as const;
export type Figure = (typeof FIGURES)[number];

export function isFigure(s: string): s is Figure {
  return (FIGURES as readonly string[]).includes(s);
}

type FigureInfo = {
  label: string;
  unit: "count" | "cents" | "share";
  /** "period": counted over the chosen period; "now": a snapshot of today, whatever the period. */
  scope: "period" | "end" | "now";
  /** What it counts, exactly: the dashboard shows this one click away from the number. */
  definition: string;
  /** Who the list behind the figure shows. */
  people: string;
};

/**
 * R9's definitions, written beside the code that computes them (the SQL of each
 * is in `figurePeople` and `reportSummary` below, named the same). Shared rules:
 * periods are days of the studio's zone; a "member at an instant" is `liveAt`
 * (lib/reports/sql.ts); company-inherited memberships (M7) make every linked
 * client a member; erased clients (P1) are never listed nor counted as people,
 * but the money they paid still counts; household participants (H1) count as
 * themselves for attendance, and their payer for money.
 */
export const FIGURE_INFO: Record<Figure, FigureInfo> = {
  activeMembers: {
    label: "Active members",
    unit: "count",
    scope: "end",
    definition:
      "Clients holding a membership at the end of the period (or now, for a period not over yet): started, not ended, not cancelled, not suspended. Past-due memberships count. A company's membership counts every client linked to the company. Each client once.",
    people: "The members.",
  },
  newMemberships: {
    label: "New memberships",
    unit: "count",
    scope: "period",
    definition:
      "Memberships whose start falls in the period, whoever holds them (a client or a company). A renewal sold as a new membership counts again.",
    people: "Their holders (for a company: its linked clients).",
  },
  cancelledMemberships: {
    label: "Cancelled memberships",
    unit: "count",
    scope: "period",
    definition:
      "Memberships cancelled in the period (by staff, or a recurring one stopped). Memberships that simply ran out are not cancellations.",
    people: "Their holders.",
  },
  churnRate: {
    label: "Churn",
    unit: "share",
    scope: "period",
    definition:
      "Of the memberships active when the period began, the share cancelled during it: cancelled ÷ active at the start. Memberships sold during the period are in neither number.",
    people: "The holders of the memberships that churned.",
  },
  mrrCents: {
    label: "Monthly recurring revenue",
    unit: "cents",
    scope: "period",
    definition:
      "For each client, their latest settled payment in the period on a recurring plan, less what was refunded of it, as a monthly amount (weekly × 52 ÷ 12, yearly ÷ 12); summed, each client once.",
    people: "The clients paying for a recurring plan.",
  },
  revenueCents: {
    label: "Revenue",
    unit: "cents",
    scope: "period",
    definition:
      "Payments settled in the period (by the day they were paid), less refunds made in the period, whatever period the refunded payment was in. By source: memberships, drop-ins (a booking's payment), other; refunds shown apart. Payments of clients since erased still count.",
    people: "Who paid, or was refunded, in the period.",
  },
  attendance: {
    label: "Attendance",
    unit: "count",
    scope: "period",
    definition:
      "Bookings kept (not cancelled, not a no-show) in sessions that started in the period and are over, cancelled sessions left out. A household participant's booking counts as theirs.",
    people: "Who came.",
  },
  fillRate: {
    label: "Fill rate",
    unit: "share",
    scope: "period",
    definition:
      "Places booked ÷ places offered in the sessions that ran in the period and are over (cancelled sessions left out). A no-show still took a place; a cancelled booking did not.",
    people: "Who held a place in those sessions.",
  },
  paymentsDueCents: {
    label: "Payments due",
    unit: "cents",
    scope: "now",
    definition: "Everything owed today: payments marked due (memberships and drop-ins), whatever the period.",
    people: "Who owes.",
  },
  endingSoon: {
    label: "Ending soon",
    unit: "count",
    scope: "now",
    definition: `Clients whose membership is active today and either ends within ${ENDING_WITHIN_DAYS} days or has ${LOW_SESSIONS} sessions or fewer left (own or through a company). Each client once.`,
    people: "Who is about to run out.",
  },
  atRisk: {
    label: "At risk",
    unit: "count",
    scope: "now",
    definition: `Clients who came before but not in the last ${AT_RISK_DAYS} days and have nothing booked: their last visit is ${AT_RISK_DAYS} or more days ago, and either within ${LAPSED_AFTER_DAYS} days (still active by R2) or they hold a membership today.`,
    people: "Who stopped coming.",
  },
};

type Bounds = { start: SQL; end: SQL; asOf: SQL; now: SQL };

function bounds(ctx: Pick<Ctx, "now">, p: ReportPeriod): Bounds {
  return { start: at(p.start), end: at(p.end), asOf: at(p.asOf), now: at(ctx.now) };
}

/**
 * The payments settled in the period (paid_at in it, status paid), the rows revenue and MRR both start from.
 * `from` names where they are read: the payments table by default, or a CTE of exactly these rows.
 */
function paidInPeriod(ctx: Pick<Ctx, "studio">, b: Bounds): SQL {
  return sql`select p.id, p.client_id, p.amount_cents, p.refunded_cents, p.membership_id, p.booking_id, p.paid_at
    from payments p
    where p.studio_id = ${studioParam(ctx)} and p.status = 'paid' and p.paid_at >= ${b.start} and p.paid_at < ${b.end}`;
}

/** revenueCents: the movements of money in the period, one row per payment or refund, with its source. */
function moneyRows(ctx: Pick<Ctx, "studio">, b: Bounds, paid: SQL = paidInPeriod(ctx, b)): SQL {
  const s = studioParam(ctx);
  return sql`select p.client_id, p.amount_cents::bigint as cents,
        case when p.membership_id is not null then 'memberships' when p.booking_id is not null then 'dropIns' else 'other' end as source,
        p.paid_at as at
      from (${paid}) p
    union all
    select p.client_id, -r.amount_cents::bigint, 'refunds', r.created_at
      from refunds r join payments p on p.studio_id = r.studio_id and p.id = r.payment_id
      where r.studio_id = ${s} and r.created_at >= ${b.start} and r.created_at < ${b.end}`;
}

/** mrrCents: each client's latest settled recurring payment in the period, as a monthly amount. */
function recurringRows(ctx: Pick<Ctx, "studio">, b: Bounds, paid: SQL = paidInPeriod(ctx, b)): SQL {
  return sql`select distinct on (p.client_id) p.client_id,
      (p.amount_cents - p.refunded_cents) * case pl.interval when 'week' then 52.0 / 12 when 'year' then 1.0 / 12 else 1 end as monthly
    from (${paid}) p
    join memberships m on m.studio_id = ${studioParam(ctx)} and m.id = p.membership_id
    join membership_plans pl on pl.studio_id = m.studio_id and pl.id = m.plan_id
    where pl.kind = 'recurring'
    order by p.client_id, p.paid_at desc, p.id desc`;
}

/** churnRate: memberships active at the start of the period. */
function liveAtStart(b: Bounds): SQL {
  return liveAt(b.start);
}

/** endingSoon: active today and ending within 14 days, or a pack with 2 sessions or fewer left. */
function endingSoonWhere(ctx: Pick<Ctx, "now">): SQL {
  const now = at(ctx.now);
  const soon = at(new Date(ctx.now.getTime() + ENDING_WITHIN_DAYS * DAY_MS));
  return sql`${liveAt(now)} and m.status = 'active'
    and ((m.ends_at is not null and m.ends_at <= ${soon}) or (m.sessions_remaining is not null and m.sessions_remaining <= ${LOW_SESSIONS}))`;
}

/**
 * atRisk: the clients (ids) who stopped coming, as of now: their last visit (a kept booking in a session not
 * cancelled and over by now) is AT_RISK_DAYS or more ago, nothing is booked in a session not started yet, and
 * either the last visit is within LAPSED_AFTER_DAYS or they hold a membership today.
 *
 * Read without grouping the studio's bookings by client (R9/R10 speed, #17), in four small sets:
 *  - `recent`: who visited since `quiet` or has a session ahead (sessions from `quiet` on, by start), so
 *    everyone else's last visit, if any, is at `quiet` or before;
 *  - `lately`: who visited since `lapsed` (sessions from `lapsed` on, by start);
 *  - whether a client visited at all: R1's total_bookings counts their live (not cancelled) bookings
 *    (kept by triggers, 0029), and `missed` counts those of them that are no visit (a no-show, or a
 *    session cancelled or not over by now); a client visited when the first is larger;
 *  - the members today (holders of liveAt(now)).
 */
function atRiskPeople(ctx: Pick<Ctx, "studio" | "now">): SQL {
  const s = studioParam(ctx);
  const now = at(ctx.now);
  const quiet = at(new Date(ctx.now.getTime() - AT_RISK_DAYS * DAY_MS));
  const lapsed = at(new Date(ctx.now.getTime() - LAPSED_AFTER_DAYS * DAY_MS));
  // Each set reads its sessions by start (or, for `missed`, the few cancelled or not over), then their bookings one
  // session at a time (lateral: bookings_live_key), never the studio's whole bookings table.
  const liveBookings = (status: SQL) => sql`cross join lateral (select b.id, b.client_id from bookings b
      where b.studio_id = s.studio_id and b.session_id = s.id and b.status <> 'cancelled' and ${status} offset 0) b`;
  const visitedSince = (
    t: SQL,
  ) => sql`select distinct b.client_id from class_sessions s ${liveBookings(sql`b.status = 'booked'`)}
      where s.studio_id = ${s} and s.starts_at > ${t} and s.cancelled_at is null
        and (s.ends_at <= ${now} or s.starts_at > ${now})`;
  return sql`with recent as materialized (${visitedSince(quiet)}),
    lately as materialized (${visitedSince(lapsed)}),
    missed as materialized (
      select m.client_id, count(*) as n from (
        select b.id, b.client_id from bookings b where b.studio_id = ${s} and b.status = 'no_show'
        union
        select b.id, b.client_id from class_sessions s ${liveBookings(sql`true`)}
          where s.studio_id = ${s} and (s.cancelled_at is not null or s.ends_at > ${now})) m
      group by m.client_id)
    select c.id as client_id from clients c left join missed x on x.client_id = c.id
    where c.studio_id = ${s} and c.erased_at is null and c.total_bookings > coalesce(x.n, 0)
      and not exists (select from recent r where r.client_id = c.id)
      and (c.id in (select ${HOLDER_ID} from ${MEMBERSHIP_HOLDINGS} where m.studio_id = ${s} and ${liveAt(now)})
        or c.id in (select l.client_id from lately l))`;
}

/**
 * R9: the people behind a figure, as a subquery of `client_id`s (repeats allowed;
 * erased clients may appear where money is concerned, and the client list drops them).
 */
export function figurePeople(ctx: Pick<Ctx, "studio" | "now">, figure: Figure, p: ReportPeriod): SQL {
  const b = bounds(ctx, p);
  const s = studioParam(ctx);
  switch (figure) {
    case "activeMembers":
      return sql`select h.client_id from (${holders(ctx, liveAt(b.asOf))}) h`;
    case "newMemberships":
      return sql`select h.client_id from (${holders(ctx, sql`m.starts_at >= ${b.start} and m.starts_at < ${b.end}`)}) h`;
    case "cancelledMemberships":
      return sql`select h.client_id from (${holders(ctx, sql`m.cancelled_at >= ${b.start} and m.cancelled_at < ${b.end}`)}) h`;
    case "churnRate":
      return sql`select h.client_id from (${holders(ctx, sql`${liveAtStart(b)} and m.cancelled_at < ${b.end}`)}) h`;
    case "mrrCents":
      return sql`select r.client_id from (${recurringRows(ctx, b)}) r`;
    case "revenueCents":
      return sql`select r.client_id from (${moneyRows(ctx, b)}) r`;
    case "attendance":
      return sql`select b.client_id from bookings b join class_sessions s on s.studio_id = b.studio_id and s.id = b.session_id
        where b.studio_id = ${s} and b.status = 'booked' and ${sessionsRun(ctx, p.start, p.end, ctx.now)}`;
    case "fillRate":
      return sql`select b.client_id from bookings b join class_sessions s on s.studio_id = b.studio_id and s.id = b.session_id
        where b.studio_id = ${s} and b.status <> 'cancelled' and ${sessionsRun(ctx, p.start, p.end, ctx.now)}`;
    case "paymentsDueCents":
      return sql`select p.client_id from payments p where p.studio_id = ${s} and p.status = 'due'`;
    case "endingSoon":
      return sql`select h.client_id from (${holders(ctx, endingSoonWhere(ctx))}) h`;
    case "atRisk":
      return atRiskPeople(ctx);
  }
}

export type ReportSummary = {
  period: { from: string; to: string };
  activeMembers: number;
  newMemberships: number;
  cancelledMemberships: number;
  churnRate: number | null;
  mrrCents: number;
  revenueCents: number;
  /** revenueCents split by where it came from; refunds are negative. */
  revenueBySource: { memberships: number; dropIns: number; other: number; refunds: number };
  attendance: number;
  fillRate: number | null;
  paymentsDueCents: number;
  endingSoon: number;
  atRisk: number;
  /** The instant these figures are of (ISO): a snapshot's, at most SNAPSHOT_FRESH_MS before the request. */
  asOf: string;
};

/** Whether the caller may read reports (owners and managers, R9/T2). */
export function requireReports(ctx: Ctx): void {
  requirePermission(ctx, "reports.view");
}

/**
 * R9: every figure of the period, as of a snapshot at most SNAPSHOT_FRESH_MS old (lib/reports/snapshots.ts; `asOf`
 * says when). At risk is the count of its people snapshot, so the tile and the list behind it agree. Owners and
 * managers only.
 */
export async function getReportSummary(ctx: Ctx, raw: ReportPeriodInput = {}): Promise<ReportSummary> {
  requireReports(ctx);
  const p = resolvePeriod(ctx, raw);
  const risk = await atRiskSnapshot(ctx);
  const summary = await snapshotted(ctx, `summary:${p.from}:${p.to}`, (c) => computeSummary(c, p));
  const asOf = summary.asOf < risk.asOf ? summary.asOf : risk.asOf;
  return { ...summary.value, atRisk: risk.value, asOf: asOf.toISOString() };
}

/** The clients at risk now, as a people snapshot (report_people, figure "atRisk"); its value is how many. */
export function atRiskSnapshot(ctx: Pick<Ctx, "db" | "studio" | "now">, use?: SnapshotUse): Promise<Snapshot<number>> {
  return snapshottedPeople(ctx, "atRisk", atRiskPeople(ctx), use);
}

/**
 * Every figure of the period but at risk, computed from the tables in one round trip (what a snapshot of the
 * summary stores). No permission check: getReportSummary and the refresh job call it.
 */
export async function computeSummary(
  ctx: Pick<Ctx, "db" | "studio" | "now">,
  p: ReportPeriod,
): Promise<Omit<ReportSummary, "atRisk" | "asOf">> {
  const b = bounds(ctx, p);
  const s = studioParam(ctx);
  // One pass over the studio's memberships gives both member figures, each client once (`held`); one more pass
  // counts memberships; the payments of the period are read once for revenue and MRR (`paid`); attendance and fill read the sessions' own place counts (B1 keeps booked_count equal to the
  // live bookings) less the no-shows (a partial index).
  const paid = sql`select * from paid`;
  const result = await ctx.db.execute(sql`with ms as (
      select count(*) filter (where m.starts_at >= ${b.start} and m.starts_at < ${b.end})::int as new_memberships,
        count(*) filter (where m.cancelled_at >= ${b.start} and m.cancelled_at < ${b.end})::int as cancelled_memberships,
        count(*) filter (where ${liveAtStart(b)})::int as live_at_start,
        count(*) filter (where ${liveAtStart(b)} and m.cancelled_at < ${b.end})::int as churned
      from memberships m where m.studio_id = ${s}),
    held as materialized (
      select h.client_id, h.active, h.ending from (
        select ${HOLDER_ID} as client_id, bool_or(${liveAt(b.asOf)}) as active, bool_or(${endingSoonWhere(ctx)}) as ending
        from ${MEMBERSHIP_HOLDINGS} where m.studio_id = ${s} group by 1) h
      join clients hc on hc.studio_id = ${s} and hc.id = h.client_id and hc.erased_at is null
      where h.active or h.ending),
    paid as materialized (${paidInPeriod(ctx, b)}),
    mo as (
      select coalesce(sum(r.cents) filter (where r.source = 'memberships'), 0)::bigint as rev_memberships,
        coalesce(sum(r.cents) filter (where r.source = 'dropIns'), 0)::bigint as rev_drop_ins,
        coalesce(sum(r.cents) filter (where r.source = 'other'), 0)::bigint as rev_other,
        coalesce(sum(r.cents) filter (where r.source = 'refunds'), 0)::bigint as rev_refunds
      from (${moneyRows(ctx, b, paid)}) r),
    run as materialized (select s.id, s.booked_count, s.capacity from class_sessions s
      where ${sessionsRun(ctx, p.start, p.end, ctx.now)})
    select
    (select count(*) filter (where held.active)::int from held) as active_members,
    ms.new_memberships, ms.cancelled_memberships, ms.live_at_start, ms.churned,
    (select coalesce(round(sum(r.monthly)), 0)::bigint from (${recurringRows(ctx, b, paid)}) r) as mrr,
    mo.rev_memberships, mo.rev_drop_ins, mo.rev_other, mo.rev_refunds,
    (select count(*)::int from bookings nb join run on run.id = nb.session_id
      where nb.studio_id = ${s} and nb.status = 'no_show') as no_shows,
    (select coalesce(sum(run.booked_count), 0)::int from run) as places_booked,
    (select coalesce(sum(run.capacity), 0)::int from run) as places_offered,
    (select coalesce(sum(p.amount_cents), 0)::bigint from payments p where p.studio_id = ${s} and p.status = 'due') as due,
    (select count(*) filter (where held.ending)::int from held) as ending_soon
    from ms cross join mo`);
  const r = rowsOf<Record<string, unknown>>(result)[0]!;
  const revenueBySource = {
    memberships: num(r.rev_memberships),
    dropIns: num(r.rev_drop_ins),
    other: num(r.rev_other),
    refunds: num(r.rev_refunds),
  };
  return {
    period: { from: p.from, to: p.to },
    activeMembers: num(r.active_members),
    newMemberships: num(r.new_memberships),
    cancelledMemberships: num(r.cancelled_memberships),
    churnRate: share(num(r.churned), num(r.live_at_start)),
    mrrCents: num(r.mrr),
    revenueCents:
      revenueBySource.memberships + revenueBySource.dropIns + revenueBySource.other + revenueBySource.refunds,
    revenueBySource,
    attendance: num(r.places_booked) - num(r.no_shows),
    fillRate: share(num(r.places_booked), num(r.places_offered)),
    paymentsDueCents: num(r.due),
    endingSoon: num(r.ending_soon),
  };
}

/**
 * The figures whose people read the period's bookings or payments (a year of them at a studio chain: ~200 ms a
 * page), so a large studio's list of them is a people snapshot (`people:<figure>:<from>:<to>`), refreshed by the
 * job like the tile it opens from. The others read a few rows by index (what is due now, one membership each) and
 * stay live, so a payment just recorded leaves the "due" list at once.
 */
export const SNAPSHOT_PEOPLE: ReadonlySet<Figure> = new Set(["attendance", "fillRate", "revenueCents", "mrrCents"]);

/** A figure's people snapshot for a period (the refresh job's; at risk has one whatever the period). */
export function periodPeopleSnapshot(
  ctx: Pick<Ctx, "db" | "studio" | "now">,
  figure: Figure,
  p: ReportPeriod,
  use?: SnapshotUse,
): Promise<Snapshot<number>> {
  return snapshottedPeople(ctx, periodPeopleName(figure, p), figurePeople(ctx, figure, p), use);
}

function periodPeopleName(figure: Figure, p: ReportPeriod): string {
  return `${figure}:${p.from}:${p.to}`;
}

/**
 * R9 "every figure opens the people behind it": the condition a clients query
 * (over `clients`) adds to show exactly them. At risk, and at a large studio the figures of SNAPSHOT_PEOPLE, read
 * their people snapshot (made fresh first), so the list pages by index. At risk's tile counts that same snapshot;
 * the others' tiles come from the summary's, so a list may be a few minutes newer or older than its tile. The
 * caller must hold `reports.view`.
 */
export async function figureClientsCondition(ctx: Ctx, figure: Figure, raw: ReportPeriodInput): Promise<SQL> {
  requireReports(ctx);
  if (figure === "atRisk") return inPeople(ctx, "atRisk", atRiskPeople(ctx));
  const p = resolvePeriod(ctx, raw);
  if (SNAPSHOT_PEOPLE.has(figure)) return inPeople(ctx, periodPeopleName(figure, p), figurePeople(ctx, figure, p));
  return sql`clients.id in (select fp.client_id from (${figurePeople(ctx, figure, p)}) fp)`;
}
