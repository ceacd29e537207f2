import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import {
  bookings,
  classSessions,
  defaultStudioSettings,
  memberships,
  payments,
  staff,
  studios,
  waitlistEntries,
  type Booking,
  type ClassSession,
  type Membership,
  type Payment,
  type Studio,
  type StudioSettings,
  type WaitlistEntry,
} from "@/db/schema";
import type { Actor, Ctx } from "@/lib/core/ctx";
import { at, rowsOf } from "@/lib/core/sql";
import { membershipBadges } from "@/lib/memberships/badges";
import { effectiveStatus, effectiveStatusSql, grantsRights } from "@/lib/memberships/effective-status";

/**
 * Helpers for the trust suites (issue 9): a cheap studio per property run, a
 * snapshot of a studio's business rows, and the invariants of docs/rules.md checked against
 * them. Every check recomputes its figure from the rows themselves (bookings,
 * ledger, payments, refunds) rather than reading the maintained counters, so a
 * lost or doubled count shows up as a difference.
 */

/** A studio for one property run: a row and an owner seat for an existing user, no password hash (fast). */
export type LightStudio = {
  studio: Studio;
  owner: (now: Date) => Ctx;
  member: (clientId: string, now: Date) => Ctx;
};

export async function makeLightStudio(
  ownerUserId: string,
  settings: Partial<StudioSettings> = {},
): Promise<LightStudio> {
  const db = await getDb();
  const tag = randomBytes(5).toString("hex");
  const [studio] = await db
    .insert(studios)
    .values({
      slug: `inv-${tag}`,
      name: `Invariants ${tag}`,
      timezone: "Europe/Warsaw",
      settings: { ...defaultStudioSettings, ...settings },
    })
    .returning();
  await db.insert(staff).values({ studioId: studio!.id, userId: ownerUserId, role: "owner" });
  const ctx = (actor: Actor, now: Date): Ctx => ({ db, studio: studio!, actor, now });
  return {
    studio: studio!,
    owner: (now) => ctx({ kind: "staff", userId: ownerUserId, role: "owner" }, now),
    member: (clientId, now) => ctx({ kind: "member", userId: ownerUserId, clientId }, now),
  };
}

/** A studio's memberships (with the SQL twin's effective status at ctx.now) and bookings at one moment. */
export type Snapshot = {
  memberships: Membership[];
  /** M4: effectiveStatusSql(ctx.now) per membership id, read in the same query. */
  sqlStatus: Map<string, string>;
  bookings: Booking[];
};

export async function snapshot(ctx: Ctx): Promise<Snapshot> {
  const id = ctx.studio.id;
  const rows = await ctx.db
    .select({ m: memberships, status: effectiveStatusSql(ctx.now) })
    .from(memberships)
    .where(eq(memberships.studioId, id))
    .orderBy(memberships.createdAt, memberships.id);
  return {
    memberships: rows.map((r) => r.m),
    sqlStatus: new Map(rows.map((r) => [r.m.id, r.status])),
    bookings: await ctx.db
      .select()
      .from(bookings)
      .where(eq(bookings.studioId, id))
      .orderBy(bookings.createdAt, bookings.id),
  };
}

export async function listPayments(ctx: Ctx): Promise<Payment[]> {
  return ctx.db
    .select()
    .from(payments)
    .where(eq(payments.studioId, ctx.studio.id))
    .orderBy(payments.createdAt, payments.id);
}

export async function listWaiting(ctx: Ctx): Promise<WaitlistEntry[]> {
  return ctx.db
    .select()
    .from(waitlistEntries)
    .where(eq(waitlistEntries.studioId, ctx.studio.id))
    .orderBy(waitlistEntries.position);
}

export async function listSessions(ctx: Ctx): Promise<ClassSession[]> {
  return ctx.db
    .select()
    .from(classSessions)
    .where(eq(classSessions.studioId, ctx.studio.id))
    .orderBy(classSessions.startsAt, classSessions.id);
}

type Violation = { rule: string; subject: string; detail: string };

/**
 * One statement, one round trip: every row-level invariant of the studio that
 * SQL can state, as a list of violations (empty when all hold).
 *  - S2: a pack's count equals the sum of its ledger deltas: the first row is the
 *    purchase, whose delta is the pack size (or the count an import or a desk sale
 *    started it with, noted on the row), so "pack size plus the later deltas";
 *    each row's "count after" is the running sum; no count or balance is below zero;
 *  - S1: per booking, the ledger rows naming it net to -1 while it holds its
 *    place with a pack session, to 0 once cancelled and given back (-1 only when a
 *    late cancel or an S6 refusal kept it), and to 0 when no session was taken;
 *  - B1: each session's booked count equals its live bookings and never exceeds
 *    its capacity; B4: a promoted waitlist entry points at that client's booking;
 *  - R1: each client's counters equal the aggregates of its bookings and its
 *    paid payments less their refund rows; a payment's refunded total equals
 *    its refund rows and never exceeds the amount.
 */
export function violationsSql(studioId: string) {
  return sql`
    with
    ledger_sum as (
      select membership_id, sum(delta)::int as total, count(*)::int as n,
             min(id) as first_id, min(balance_after) as min_balance
      from membership_ledger where studio_id = ${studioId}::uuid group by membership_id
    ),
    running as (
      select id, membership_id, balance_after,
             sum(delta) over (partition by membership_id order by id)::int as running
      from membership_ledger where studio_id = ${studioId}::uuid
    ),
    booking_ledger as (
      select booking_id, sum(delta)::int as net, bool_or(reason in ('late_cancel', 'restore_refused_newer_pass')) as kept
      from membership_ledger where studio_id = ${studioId}::uuid and booking_id is not null group by booking_id
    ),
    per_booking as (
      select b.id, b.status, b.session_taken, coalesce(bl.net, 0) as net, coalesce(bl.kept, false) as kept
      from bookings b left join booking_ledger bl on bl.booking_id = b.id
      where b.studio_id = ${studioId}::uuid
    ),
    live as (
      select session_id, count(*)::int as n from bookings
      where studio_id = ${studioId}::uuid and status <> 'cancelled' group by session_id
    ),
    refund_sum as (
      select payment_id, sum(amount_cents)::bigint as total from refunds where studio_id = ${studioId}::uuid group by payment_id
    ),
    booking_truth as (
      select client_id, count(*)::int as n, min(created_at) as first_at, max(created_at) as last_at
      from bookings where studio_id = ${studioId}::uuid and status <> 'cancelled' group by client_id
    ),
    spend_truth as (
      select p.client_id, sum(p.amount_cents - coalesce(r.total, 0))::bigint as spend
      from payments p left join refund_sum r on r.payment_id = p.id
      where p.studio_id = ${studioId}::uuid and p.status = 'paid' group by p.client_id
    ),
    client_truth as (
      select c.id, c.total_bookings, c.lifetime_spend_cents, c.first_booking_at, c.last_booking_at,
             coalesce(bt.n, 0) as t_bookings, bt.first_at as t_first, bt.last_at as t_last, coalesce(st.spend, 0)::bigint as t_spend
      from clients c
      left join booking_truth bt on bt.client_id = c.id
      left join spend_truth st on st.client_id = c.id
      where c.studio_id = ${studioId}::uuid
    )
    select 'S2 ledger equation' as rule, m.id::text as subject,
           format('sessions_remaining %s, sum of ledger deltas %s', m.sessions_remaining, coalesce(l.total, 0)) as detail
      from memberships m left join ledger_sum l on l.membership_id = m.id
     where m.studio_id = ${studioId}::uuid and m.sessions_remaining is not null and m.sessions_remaining <> coalesce(l.total, 0)
    union all
    select 'S2 pack opens with its purchase', m.id::text, format('first ledger row is %s', fr.reason)
      from memberships m join ledger_sum l on l.membership_id = m.id
      join membership_ledger fr on fr.id = l.first_id
     where m.studio_id = ${studioId}::uuid and fr.reason <> 'purchased'
    union all
    select 'S2 a purchase is the pack size', l.id::text, format('purchased %s of a %s-session pack', l.delta, p.sessions)
      from membership_ledger l
      join memberships m on m.studio_id = l.studio_id and m.id = l.membership_id
      join membership_plans p on p.studio_id = m.studio_id and p.id = m.plan_id
     where l.studio_id = ${studioId}::uuid and l.reason = 'purchased' and (l.note is null or l.note = 'Extended') and l.delta <> p.sessions
    union all
    select 'S2 only packs have a ledger', m.id::text, format('%s ledger rows on a membership without a count', l.n)
      from memberships m join ledger_sum l on l.membership_id = m.id
     where m.studio_id = ${studioId}::uuid and m.sessions_remaining is null
    union all
    select 'S2 count after', r.membership_id::text, format('ledger row %s says %s, running sum %s', r.id, r.balance_after, r.running)
      from running r where r.balance_after <> r.running
    union all
    select 'S2 never below zero', m.id::text, format('sessions_remaining %s, lowest balance %s', m.sessions_remaining, l.min_balance)
      from memberships m left join ledger_sum l on l.membership_id = m.id
     where m.studio_id = ${studioId}::uuid and (m.sessions_remaining < 0 or l.min_balance < 0)
    union all
    select 'S1 one session per booking', pb.id::text,
           format('status %s, session_taken %s, ledger net %s, kept %s', pb.status, pb.session_taken, pb.net, pb.kept)
      from per_booking pb
     where not (
       (not pb.session_taken and pb.net = 0)
       or (pb.session_taken and pb.status <> 'cancelled' and pb.net = -1)
       or (pb.session_taken and pb.status = 'cancelled' and ((pb.kept and pb.net = -1) or (not pb.kept and pb.net = 0)))
     )
    union all
    select 'B1 capacity', s.id::text,
           format('booked_count %s, live bookings %s, capacity %s', s.booked_count, coalesce(lv.n, 0), s.capacity)
      from class_sessions s left join live lv on lv.session_id = s.id
     where s.studio_id = ${studioId}::uuid
       and (s.booked_count <> coalesce(lv.n, 0) or coalesce(lv.n, 0) > s.capacity or s.booked_count < 0)
    union all
    select 'B4 promotion books the waiting client', w.id::text, 'promoted entry without its booking'
      from waitlist_entries w
     where w.studio_id = ${studioId}::uuid and w.promoted_booking_id is not null
       and not exists (select 1 from bookings b where b.studio_id = w.studio_id and b.id = w.promoted_booking_id
                        and b.client_id = w.client_id and b.session_id = w.session_id)
    union all
    select 'R1 refunds', p.id::text, format('refunded_cents %s, refund rows %s, amount %s', p.refunded_cents, coalesce(r.total, 0), p.amount_cents)
      from payments p left join refund_sum r on r.payment_id = p.id
     where p.studio_id = ${studioId}::uuid
       and (p.refunded_cents <> coalesce(r.total, 0) or p.refunded_cents > p.amount_cents or p.refunded_cents < 0)
    union all
    select 'R1 client counters', ct.id::text,
           format('total_bookings %s (truth %s), lifetime_spend %s (truth %s), first %s (truth %s), last %s (truth %s)',
                  ct.total_bookings, ct.t_bookings, ct.lifetime_spend_cents, ct.t_spend,
                  ct.first_booking_at, ct.t_first, ct.last_booking_at, ct.t_last)
      from client_truth ct
     where ct.total_bookings <> ct.t_bookings or ct.lifetime_spend_cents <> ct.t_spend or ct.lifetime_spend_cents < 0
        or ct.first_booking_at is distinct from ct.t_first or ct.last_booking_at is distinct from ct.t_last`;
}

/**
 * Every invariant of the studio at ctx.now. Returns the violations as readable
 * lines (empty when all hold): the SQL ones above, and M4 for every membership:
 *  - the TS rule and its SQL twin give the same effective status;
 *  - a membership grants rights only if its status row is live, it has started,
 *    its end is still ahead and no suspension window covers now (M3, M4, M9);
 *  - the clients list's badges (R5, read in SQL) are exactly the memberships
 *    that grant rights now.
 */
export async function checkInvariants(ctx: Ctx, given?: Snapshot): Promise<string[]> {
  const out: string[] = [];
  for (const v of rowsOf<Violation>(await ctx.db.execute(violationsSql(ctx.studio.id))))
    out.push(`${v.rule}: ${v.subject}: ${v.detail}`);

  // M12: a code's uses are its redemptions, within its limits; M11: an intro offer held at most once per client.
  for (const v of rowsOf<{ subject: string; detail: string }>(
    await ctx.db.execute(sql`
      select pc.code as subject, 'uses ' || pc.uses || ', redemptions ' || count(r.id) || ', max ' || coalesce(pc.max_uses::text, '-') as detail
      from promo_codes pc left join promo_redemptions r on r.studio_id = pc.studio_id and r.promo_code_id = pc.id
      where pc.studio_id = ${ctx.studio.id}
      group by pc.studio_id, pc.id
      having pc.uses <> count(r.id) or (pc.max_uses is not null and count(r.id) > pc.max_uses)
      union all
      select r.client_id::text, 'used ' || count(*) || ' times, per client ' || pc.max_uses_per_client
      from promo_redemptions r join promo_codes pc on pc.studio_id = r.studio_id and pc.id = r.promo_code_id
      where r.studio_id = ${ctx.studio.id} and pc.max_uses_per_client is not null
      group by r.client_id, pc.id, pc.max_uses_per_client having count(*) > pc.max_uses_per_client
      union all
      select m.client_id::text, 'holds intro offer ' || p.name || ' ' || count(*) || ' times'
      from memberships m join membership_plans p on p.studio_id = m.studio_id and p.id = m.plan_id
      where m.studio_id = ${ctx.studio.id} and p.new_clients_only and m.client_id is not null
      group by m.client_id, p.id, p.name having count(*) > 1`),
  ))
    out.push(`M11/M12: ${v.subject}: ${v.detail}`);

  const snap = given ?? (await snapshot(ctx));
  const rows = snap.memberships;
  if (rows.length) {
    const sqlStatus = snap.sqlStatus;
    for (const m of rows) {
      const ts = effectiveStatus(m, ctx.now);
      if (sqlStatus.get(m.id) !== ts) out.push(`M4 status twins: ${m.id}: TS ${ts}, SQL ${sqlStatus.get(m.id)}`);
      const ended = m.endsAt !== null && m.endsAt <= ctx.now;
      const inSuspension = !!(
        m.suspendedFrom &&
        m.suspendedUntil &&
        m.suspendedFrom <= ctx.now &&
        ctx.now < m.suspendedUntil
      );
      const live = m.status === "active" || m.status === "suspended";
      const expected = live && !ended && !inSuspension && m.startsAt <= ctx.now;
      if (grantsRights(m, ctx.now) !== expected) {
        out.push(
          `M4 rights: ${m.id}: grantsRights ${!expected} but status ${m.status}, ended ${ended}, suspended now ${inSuspension}`,
        );
      }
      if (ended && ts !== "expired" && ts !== "cancelled") out.push(`M4 ended means expired: ${m.id}: effective ${ts}`);
    }
    const clientIds = [...new Set(rows.map((m) => m.clientId).filter((c): c is string => c !== null))];
    const badges = await membershipBadges(ctx, clientIds);
    for (const c of clientIds) {
      const shown = (badges.get(c) ?? []).map((b) => b.membershipId).sort();
      const granting = rows
        .filter((m) => m.clientId === c && grantsRights(m, ctx.now))
        .map((m) => m.id)
        .sort();
      if (JSON.stringify(shown) !== JSON.stringify(granting))
        out.push(`M4/R5 badges: client ${c}: shown ${shown.join(",")}, granting ${granting.join(",")}`);
    }
  }
  return out;
}

/** M4's sweep leaves no live row whose end has passed (status column), for the studio at `now`. */
export async function unsweptRows(ctx: Ctx): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await ctx.db.execute(sql`select count(*)::int as n from memberships
      where studio_id = ${ctx.studio.id}::uuid and status in ('active', 'past_due', 'suspended')
        and ends_at is not null and ends_at <= ${at(ctx.now)}`),
  );
  return Number(row?.n ?? 0);
}
