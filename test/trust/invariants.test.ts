import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { defaultStudioSettings, type Client, type MembershipPlan, type Studio } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { DomainError, ForbiddenError, NotFoundError, UnauthenticatedError } from "@/lib/core/errors";
import { attachBooking, markAttendance } from "@/lib/bookings/attendance";
import { bookSession } from "@/lib/bookings/book-session";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { cancelSession } from "@/lib/bookings/cancel-session";
import { claimWaitlistPlace, joinWaitlist, leaveWaitlist } from "@/lib/bookings/waitlist";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { createPromoCode } from "@/lib/offers/promo-codes";
import {
  adjustMembership,
  cancelMembership,
  extendMembership,
  suspendMembership,
} from "@/lib/memberships/change-membership";
import { effectiveStatus, grantsRights } from "@/lib/memberships/effective-status";
import { expireDueMemberships } from "@/lib/memberships/expire-due";
import { changeSessions } from "@/lib/memberships/ledger";
import { markPaymentPaid, refundPayment } from "@/lib/payments/payments";
import { recordStripePayment, recordStripeRefund } from "@/lib/payments/stripe-payments";
import { waiveFee } from "@/lib/payments/waive-fee";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { testDatabaseMode } from "@/test/support/test-database";
import {
  checkInvariants,
  listPayments,
  listSessions,
  listWaiting,
  makeLightStudio,
  snapshot,
  unsweptRows,
  type Snapshot,
} from "./invariant-checks";

/**
 * Issue 9, "Invariants under random use": random sequences of the domain verbs
 * (buy, book, cancel, waitlist, extend, suspend, resume, expire, refund, …) on a
 * clock that only moves forward, with every invariant of docs/rules.md checked after each
 * step. A refusal by a rule (a DomainError) is a legal outcome of a step; any
 * other exception, or any broken invariant, fails the run.
 *
 * Reproduce a failure with the seed and path fast-check prints:
 *   PROPERTY_SEED=<seed> INVARIANTS_PATH=<path> npx vitest run test/trust/invariants.test.ts
 * (the seed is the commit's unless PROPERTY_SEED says otherwise: test/support/property-seed.ts)
 * Deeper: INVARIANTS_RUNS=500 (runs) and INVARIANTS_STEPS=60 (longest sequence).
 */

const T0 = new Date("2026-05-04T08:00:00Z");
const HOUR = 3_600_000;
const RUNS = Number(process.env.INVARIANTS_RUNS ?? (testDatabaseMode() === "postgres" ? 20 : 30));
const MAX_STEPS = Number(process.env.INVARIANTS_STEPS ?? 22);
const PATH = process.env.INVARIANTS_PATH;

type By = "member" | "staff";
type Step =
  | { verb: "buy"; client: number; plan: number; by: By; paid: boolean }
  /** M11, M12: the intro offer, or a plan with the promo code. */
  | { verb: "buy_offer"; client: number; plan: number; by: By; offer: "intro" | "promo" }
  | { verb: "book"; client: number; session: number; by: By | "guest"; explicit: number | null }
  | { verb: "cancel"; booking: number; by: By }
  | { verb: "join_waitlist"; client: number; session: number; by: By }
  | { verb: "leave_waitlist"; entry: number; by: By }
  | { verb: "claim_waitlist"; entry: number; by: By }
  | { verb: "extend"; membership: number; paid: boolean }
  | { verb: "suspend"; membership: number; inHours: number; hours: number }
  | { verb: "resume"; membership: number }
  | { verb: "expire" }
  | { verb: "refund"; payment: number; amount: "full" | "part" | "too_much" }
  | { verb: "mark_paid"; payment: number }
  | { verb: "stripe_paid"; payment: number; twice: boolean }
  | { verb: "stripe_refund"; payment: number; refund: number; amount: "full" | "part" }
  | { verb: "adjust"; membership: number; delta: number }
  | { verb: "cancel_membership"; membership: number }
  | { verb: "cancel_session"; session: number }
  | { verb: "no_show"; booking: number }
  | { verb: "attach"; booking: number; membership: number; take: boolean }
  | { verb: "waive_fee"; payment: number; inHours: number }
  | { verb: "tick"; hours: number };

const idx = fc.nat({ max: 50 });
const by = fc.constantFrom<By>("member", "staff");
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ verb: fc.constant("buy" as const), client: idx, plan: idx, by, paid: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      verb: fc.constant("buy_offer" as const),
      client: idx,
      plan: idx,
      by,
      offer: fc.constantFrom("intro" as const, "promo" as const),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      verb: fc.constant("book" as const),
      client: idx,
      session: idx,
      by: fc.constantFrom<By | "guest">("member", "staff", "staff", "guest"),
      explicit: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: idx }),
    }),
  },
  { weight: 5, arbitrary: fc.record({ verb: fc.constant("cancel" as const), booking: idx, by }) },
  { weight: 2, arbitrary: fc.record({ verb: fc.constant("join_waitlist" as const), client: idx, session: idx, by }) },
  { weight: 1, arbitrary: fc.record({ verb: fc.constant("leave_waitlist" as const), entry: idx, by }) },
  { weight: 1, arbitrary: fc.record({ verb: fc.constant("claim_waitlist" as const), entry: idx, by }) },
  { weight: 1, arbitrary: fc.record({ verb: fc.constant("extend" as const), membership: idx, paid: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      verb: fc.constant("suspend" as const),
      membership: idx,
      inHours: fc.integer({ min: 0, max: 72 }),
      hours: fc.integer({ min: 1, max: 240 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ verb: fc.constant("resume" as const), membership: idx }) },
  { weight: 2, arbitrary: fc.record({ verb: fc.constant("expire" as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      verb: fc.constant("refund" as const),
      payment: idx,
      amount: fc.constantFrom("full" as const, "part" as const, "too_much" as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ verb: fc.constant("mark_paid" as const), payment: idx }) },
  { weight: 1, arbitrary: fc.record({ verb: fc.constant("stripe_paid" as const), payment: idx, twice: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      verb: fc.constant("stripe_refund" as const),
      payment: idx,
      refund: fc.nat({ max: 1 }),
      amount: fc.constantFrom("full" as const, "part" as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      verb: fc.constant("adjust" as const),
      membership: idx,
      delta: fc.constantFrom(-2, -1, 1, 2),
    }),
  },
  { weight: 1, arbitrary: fc.record({ verb: fc.constant("cancel_membership" as const), membership: idx }) },
  { weight: 1, arbitrary: fc.record({ verb: fc.constant("cancel_session" as const), session: idx }) },
  { weight: 1, arbitrary: fc.record({ verb: fc.constant("no_show" as const), booking: idx }) },
  {
    weight: 1,
    arbitrary: fc.record({ verb: fc.constant("attach" as const), booking: idx, membership: idx, take: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ verb: fc.constant("waive_fee" as const), payment: idx, inHours: fc.constantFrom(0, 30) }),
  },
  { weight: 4, arbitrary: fc.record({ verb: fc.constant("tick" as const), hours: fc.integer({ min: 1, max: 72 }) }) },
);

const worldArb = fc.record({
  lateCancelHours: fc.constantFrom(0, 24, 72, 72),
  noRestoreAfterNewPass: fc.boolean(),
  // B8 booking window, B10 waitlist cutoff: refusals and offers in the mix.
  bookingOpensDaysBefore: fc.constantFrom<number | null>(null, null, 2),
  waitlistCutoffHours: fc.constantFrom<number | null>(null, 12),
  /** B9: 0 = forfeit (B7, B3), else the fee. */
  lateCancelFee: fc.constantFrom(0, 0, 1500),
  noShowFee: fc.constantFrom(0, 2000),
  sessions: fc.array(
    fc.record({
      // Most classes within the next three days, where late cancels (B7) and the clock's moves matter.
      inHours: fc.oneof(
        { weight: 2, arbitrary: fc.integer({ min: 6, max: 72 }) },
        { weight: 1, arbitrary: fc.integer({ min: 6, max: 400 }) },
      ),
      capacity: fc.integer({ min: 1, max: 2 }),
      memberOnly: fc.constantFrom(false, false, true),
      dropIn: fc.constantFrom<number | null>(null, 2500, 2500),
    }),
    { minLength: 3, maxLength: 5 },
  ),
  /** What each of the three clients holds at the start: up to two plans, packs most often. */
  holdings: fc.array(fc.array(fc.constantFrom(0, 0, 1, 1, 2, 3), { maxLength: 2 }), { minLength: 3, maxLength: 3 }),
});
type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

const pick = <T>(list: T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);

/** A refusal the rules allow: a typed domain failure, but never "you may not" for the studio's own owner. */
function isLegalRefusal(e: unknown, step: Step): boolean {
  if (!(e instanceof DomainError)) return false;
  if (e instanceof ForbiddenError || e instanceof UnauthenticatedError) return false;
  // Not found is only legal where the step names something that is gone or not the client's.
  if (e instanceof NotFoundError)
    return (
      step.verb === "leave_waitlist" ||
      step.verb === "claim_waitlist" || // a place left or already taken is gone
      (step.verb === "book" && step.explicit !== null)
    );
  return true;
}

/** The studio every run starts from: its plans and clients (committed once; each run's changes roll back). */
type Base = {
  studio: Studio;
  ownerUserId: string;
  plans: MembershipPlan[];
  clients: Client[];
  /** M11: an intro offer (new clients only). */
  intro: MembershipPlan;
};

async function makeBase(ownerUserId: string): Promise<Base> {
  const s = await makeLightStudio(ownerUserId);
  const setup = s.owner(T0);
  const plans = [
    await makePlan(setup, PLANS.pack(3, 4, { public: true, memberOnlyAccess: true })),
    await makePlan(setup, PLANS.pack(2, 30, { name: "2-class pack", public: true, priceCents: 5000 })),
    await makePlan(setup, PLANS.monthly({ public: true, memberOnlyAccess: true, bookingLimitPerPeriod: 2 })),
    await makePlan(setup, PLANS.fixed(3, { public: true })),
  ];
  const clients = [await makeClient(setup, "Ada"), await makeClient(setup, "Bo"), await makeClient(setup, "Cy")];
  // M11, M12: an intro offer, and a code for every plan with a total limit of 2 and one use per client.
  const intro = await makePlan(setup, PLANS.pack(2, 7, { name: "Intro", public: true, newClientsOnly: true }));
  await createPromoCode(setup, {
    code: "MIX20",
    percentOff: 20,
    planIds: [...plans, intro].map((p) => p.id),
    maxUses: 2,
    maxUsesPerClient: 1,
  });
  return { studio: s.studio, ownerUserId, plans, clients, intro };
}

class Rollback extends Error {}
/** A broken invariant or expectation: reported as is, never mistaken for a verb's exception. */
class Broken extends Error {}

/** One run, inside a transaction rolled back at the end, so runs never see each other. */
async function run(base: Base, world: World, steps: Step[]): Promise<void> {
  const db = await getDb();
  try {
    await db.transaction(async (tx) => {
      await runSteps(tx as unknown as Db, base, world, steps);
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
}

/** The run itself: the world's holdings and sessions, then the steps, with every invariant checked after each. */
async function runSteps(db: Db, base: Base, world: World, steps: Step[]): Promise<void> {
  // The studio's switches (B7, S6) are read from ctx.studio, so each run gets its own without a write.
  const studio: Studio = {
    ...base.studio,
    settings: {
      ...defaultStudioSettings,
      lateCancelHours: world.lateCancelHours,
      noRestoreAfterNewPass: world.noRestoreAfterNewPass,
      bookingOpensDaysBefore: world.bookingOpensDaysBefore,
      waitlistCutoffHours: world.waitlistCutoffHours,
      lateCancelPolicy: world.lateCancelFee ? { kind: "fee", feeCents: world.lateCancelFee } : { kind: "forfeit" },
      noShowPolicy: world.noShowFee ? { kind: "fee", feeCents: world.noShowFee } : { kind: "forfeit" },
    },
  };
  let now = T0;
  const owner = (): Ctx => ({ db, studio, actor: { kind: "staff", userId: base.ownerUserId, role: "owner" }, now });
  const s = {
    member: (clientId: string, at: Date): Ctx => ({
      db,
      studio,
      actor: { kind: "member", userId: base.ownerUserId, clientId },
      now: at,
    }),
  };
  const { plans, clients } = base;
  const setup = owner();
  for (const [i, held] of world.holdings.entries()) {
    for (const plan of held)
      await assignMembership(setup, { planId: plans[plan]!.id, clientId: clients[i]!.id, paymentMethod: "cash" });
  }
  const memberOnly = new Map<string, boolean>();
  for (const x of world.sessions) {
    const { session } = await makeSession(setup, {
      startsAt: new Date(T0.getTime() + x.inHours * HOUR),
      capacity: x.capacity,
      memberOnly: x.memberOnly,
      dropInPriceCents: x.dropIn,
    });
    memberOnly.set(session.id, x.memberOnly);
  }
  const sessions = await listSessions(setup);
  const planOf = (planId: string) => [...plans, base.intro].find((p) => p.id === planId)!;

  const log: string[] = [];
  const withLog = (msg: string) => `${msg}\n  steps so far:\n    ${log.join("\n    ")}`;
  const fail = (msg: string): never => {
    throw new Broken(msg);
  };
  let snap: Snapshot = await snapshot(setup);
  const ctxFor = (who: By, clientId: string): Ctx => (who === "member" ? s.member(clientId, now) : owner());

  for (const [i, step] of steps.entries()) {
    const before = snap;
    const label = `#${i} @${(now.getTime() - T0.getTime()) / HOUR}h ${JSON.stringify(step)}`;
    let outcome = "ok";
    try {
      outcome = (await apply(step, before)) ?? "ok";
    } catch (e) {
      if (e instanceof Broken) {
        log.push(`${label} → broke an expectation`);
        throw new Broken(withLog(`step ${i}: ${e.message}`));
      }
      if (!isLegalRefusal(e, step)) {
        log.push(`${label} → threw`);
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        throw new Broken(
          withLog(
            `step ${i} threw ${e instanceof Error ? `${e.name}: ${e.message.split("\n")[0]}` : String(e)}${cause ? ` (cause: ${cause.code ?? ""} ${cause.message ?? ""})` : ""}`,
          ),
        );
      }
      outcome = `refused ${(e as DomainError).code}`;
    }
    log.push(`${label} → ${outcome}`);
    snap = await snapshot(owner());
    const broken = await checkInvariants(owner(), snap);
    if (broken.length) throw new Broken(withLog(`invariants broken after step ${i}:\n    ${broken.join("\n    ")}`));
  }
  if (process.env.INVARIANTS_DEBUG) console.log(log.join("\n"));

  /** Runs one step; returns a short outcome for the log. Checks the step's own expectations against `before`. */
  async function apply(step: Step, before: Snapshot): Promise<string | void> {
    switch (step.verb) {
      case "buy": {
        const plan = pick(plans, step.plan)!;
        const client = pick(clients, step.client)!;
        const r =
          step.by === "member"
            ? await assignMembership(s.member(client.id, now), {
                planId: plan.id,
                clientId: client.id,
                source: "purchase",
              })
            : await assignMembership(owner(), {
                planId: plan.id,
                clientId: client.id,
                paymentMethod: step.paid ? "cash" : null,
              });
        return `${r.created ? "created" : "existing"} ${r.membership.id}`;
      }
      case "buy_offer": {
        const plan = step.offer === "intro" ? base.intro : pick(plans, step.plan)!;
        const client = pick(clients, step.client)!;
        const input = {
          planId: plan.id,
          clientId: client.id,
          ...(step.offer === "promo" ? { promoCode: "mix20" } : {}),
        };
        const r =
          step.by === "member"
            ? await assignMembership(s.member(client.id, now), { ...input, source: "purchase" })
            : await assignMembership(owner(), input);
        return `${r.created ? "created" : "existing"} ${r.membership.id}`;
      }
      case "book": {
        const session = pick(sessions, step.session)!;
        const client = pick(clients, step.client)!;
        // Staff may name the paying membership (S4): one of the client's own, or now and then anyone's.
        const explicit =
          step.explicit === null
            ? undefined
            : pick(
                step.explicit % 4 === 0
                  ? before.memberships
                  : before.memberships.filter((m) => m.clientId === client.id),
                step.explicit,
              )?.id;
        const r =
          step.by === "member"
            ? await bookSession(s.member(client.id, now), { sessionId: session.id })
            : step.by === "guest"
              ? await bookSession(
                  owner(),
                  { sessionId: session.id, email: client.email!, name: client.name },
                  { guest: true },
                )
              : await bookSession(owner(), { sessionId: session.id, clientId: client.id, membershipId: explicit });
        const only = memberOnly.get(session.id)!;
        if (step.by === "guest" && r.membershipId) fail("guest booking spent a membership");
        if (!r.membershipId && only) fail("B2: a member-only class was booked without a membership");
        if (r.membershipId) {
          if (only && !planOf(before.memberships.find((m) => m.id === r.membershipId)!.planId).memberOnlyAccess)
            fail("B2: paid by a plan without member-only access");
          // S4: a fixed plan that covers the class (no booking limit) pays before any pack.
          const covering = before.memberships.filter(
            (m) =>
              m.clientId === client.id &&
              planOf(m.planId).kind === "fixed" &&
              grantsRights(m, now) &&
              effectiveStatus(m, session.startsAt) === "active" &&
              (!only || planOf(m.planId).memberOnlyAccess),
          );
          if (r.booking.sessionTaken && explicit === undefined && covering.length)
            fail(`S4: a pack paid although ${covering[0]!.id} covers the class`);
          // M4 in a decision: the paying membership granted rights now and is still active when the class runs.
          const payer = before.memberships.find((m) => m.id === r.membershipId);
          if (!payer) fail(`book: paid by an unknown membership ${r.membershipId}`);
          if (!grantsRights(payer!, now) || effectiveStatus(payer!, session.startsAt) !== "active") {
            fail(
              `M4: booking paid by membership ${payer!.id} that is ${effectiveStatus(payer!, now)} now / ${effectiveStatus(payer!, session.startsAt)} at the class`,
            );
          }
          if (r.booking.sessionTaken && r.sessionsRemaining !== payer!.sessionsRemaining! - 1) {
            fail(`S1: booking took a session from ${payer!.sessionsRemaining} but left ${r.sessionsRemaining}`);
          }
        }
        return `booked ${r.booking.id}${r.membershipId ? ` paid by ${r.membershipId}${r.booking.sessionTaken ? " (session taken)" : ""}` : " (drop-in)"}`;
      }
      case "cancel": {
        const b = pick(
          before.bookings.filter((x) => x.status === "booked"),
          step.booking,
        );
        if (!b) return "nothing to cancel";
        const r = await cancelBooking(ctxFor(step.by, b.clientId), b.id, { by: step.by });
        // S1, B7, S6: the session goes back exactly when it was taken and neither rule keeps it.
        const session = sessions.find((x) => x.id === b.sessionId)!;
        const pack = before.memberships.find((m) => m.id === b.membershipId);
        const late =
          step.by === "member" &&
          world.lateCancelHours > 0 &&
          session.startsAt.getTime() - now.getTime() < world.lateCancelHours * HOUR;
        const newer =
          world.noRestoreAfterNewPass &&
          !!pack &&
          before.memberships.some(
            (m) => m.clientId === pack.clientId && m.planId === pack.planId && m.createdAt > pack.createdAt,
          );
        // B9: under a fee policy a late cancel costs the fee instead, and the session goes back.
        const expected = b.sessionTaken && !!pack && !(late && !world.lateCancelFee) && !newer;
        const fees = (await listPayments(owner())).filter((p) => p.bookingId === b.id && p.fee === "late_cancel");
        if (fees.length !== (late && world.lateCancelFee ? 1 : 0))
          fail(`B9: ${fees.length} late-cancel fees after a ${late ? "late" : "timely"} cancel`);
        if (r.sessionReturned !== expected) {
          fail(
            `S1/B7/S6: cancel returned ${r.sessionReturned}, expected ${expected} (taken ${b.sessionTaken}, late ${late}, newer pack ${newer})`,
          );
        }
        return `cancelled${r.sessionReturned ? ", session returned" : ""}${r.promoted.length ? `, promoted ${r.promoted.map((p) => p.clientId).join(",")}` : ""}`;
      }
      case "join_waitlist": {
        const session = pick(sessions, step.session)!;
        const client = pick(clients, step.client)!;
        const entry =
          step.by === "member"
            ? await joinWaitlist(s.member(client.id, now), { sessionId: session.id })
            : await joinWaitlist(owner(), { sessionId: session.id, clientId: client.id });
        return `waiting at ${entry.position}`;
      }
      case "leave_waitlist": {
        const entry = pick(await listWaiting(owner()), step.entry);
        if (!entry) return "nobody waiting";
        await leaveWaitlist(ctxFor(step.by, entry.clientId), entry.id);
        return;
      }
      case "claim_waitlist": {
        const entry = pick(await listWaiting(owner()), step.entry);
        if (!entry) return "nobody waiting";
        const r = await claimWaitlistPlace(ctxFor(step.by, entry.clientId), entry.id);
        return `claimed ${r.booking.id}`;
      }
      case "extend": {
        const m = pick(before.memberships, step.membership);
        if (!m) return "no membership";
        const row = await extendMembership(owner(), m.id, { paymentMethod: step.paid ? "cash" : null });
        const plan = planOf(m.planId);
        if (plan.kind === "sessions" && row.sessionsRemaining !== plan.sessions)
          fail(`S5: extended pack holds ${row.sessionsRemaining}, not a fresh ${plan.sessions}`);
        return `ends ${row.endsAt?.toISOString() ?? "never"}`;
      }
      case "suspend": {
        const m = pick(before.memberships, step.membership);
        if (!m) return "no membership";
        const from = new Date(now.getTime() + step.inHours * HOUR);
        const row = await suspendMembership(owner(), m.id, {
          from,
          until: new Date(from.getTime() + step.hours * HOUR),
        });
        // M9: the end moves later by exactly the suspended length.
        if (m.endsAt && row.endsAt!.getTime() - m.endsAt.getTime() !== step.hours * HOUR)
          fail(`M9: end moved by ${(row.endsAt!.getTime() - m.endsAt.getTime()) / HOUR}h, not ${step.hours}h`);
        return;
      }
      case "resume": {
        // No resume verb: a suspension ends when its window does (M9). Move the clock there.
        const m = pick(
          before.memberships.filter((x) => x.suspendedUntil && x.suspendedUntil > now),
          step.membership,
        );
        if (!m) return "nothing suspended";
        now = m.suspendedUntil!;
        return `clock to ${now.toISOString()}`;
      }
      case "expire": {
        const n = await expireDueMemberships(db, now, studio.id);
        if ((await unsweptRows(owner())) !== 0) fail("M4: the sweep left live rows whose end has passed");
        if ((await expireDueMemberships(db, now, studio.id)) !== 0) fail("M4: the sweep is not idempotent");
        return `${n} expired`;
      }
      case "refund": {
        const p = pick(await listPayments(owner()), step.payment);
        if (!p) return "no payment";
        const left = p.amountCents - p.refundedCents;
        const amountCents =
          step.amount === "full" ? left : step.amount === "part" ? Math.max(1, Math.floor(left / 2)) : left + 1;
        await refundPayment(owner(), p.id, { amountCents });
        if (step.amount === "too_much") fail(`R1: a refund of ${amountCents} on ${left} left was accepted`);
        return `refunded ${amountCents}`;
      }
      case "mark_paid": {
        const p = pick(await listPayments(owner()), step.payment);
        if (!p) return "no payment";
        await markPaymentPaid(owner(), p.id, { method: "cash" });
        return;
      }
      case "stripe_paid": {
        // P0: a verified webhook reports money for a sale; delivered twice, it is applied once.
        const p = pick(await listPayments(owner()), step.payment);
        if (!p) return "no payment";
        const report = {
          clientId: p.clientId,
          amountCents: p.amountCents,
          currency: p.currency,
          ...(p.membershipId ? { membershipId: p.membershipId } : p.bookingId ? { bookingId: p.bookingId } : {}),
          paymentIntentId: `pi_${p.id}`,
        };
        const first = await recordStripePayment(owner(), report);
        if (step.twice) {
          const again = await recordStripePayment(owner(), report);
          if (again.created || again.payment.id !== first.payment.id)
            fail("P0: the same payment intent was recorded twice");
        }
        return `${first.created ? "new payment" : "settled"} ${first.payment.id}`;
      }
      case "stripe_refund": {
        // P0: a refund Stripe reports (never more than is left), once per refund id however often it arrives.
        const p = pick(await listPayments(owner()), step.payment);
        if (!p || p.status !== "paid" || p.refundedCents >= p.amountCents) return "nothing to refund";
        const left = p.amountCents - p.refundedCents;
        const r = await recordStripeRefund(owner(), {
          paymentId: p.id,
          refundId: `re_${p.id}_${step.refund}`,
          amountCents: step.amount === "full" ? left : Math.max(1, Math.floor(left / 2)),
        });
        return r.recorded ? "recorded" : "already recorded";
      }
      case "adjust": {
        const m = pick(before.memberships, step.membership);
        if (!m) return "no membership";
        const row = await adjustMembership(owner(), m.id, { sessionsDelta: step.delta, reason: "random use" });
        if (row.sessionsRemaining !== m.sessionsRemaining! + step.delta)
          fail(`S2: adjusted by ${step.delta} from ${m.sessionsRemaining} to ${row.sessionsRemaining}`);
        return;
      }
      case "cancel_membership": {
        const m = pick(before.memberships, step.membership);
        if (!m) return "no membership";
        await cancelMembership(owner(), m.id);
        return;
      }
      case "cancel_session": {
        const session = pick(sessions, step.session)!;
        const r = await cancelSession(owner(), session.id);
        return `${r.bookingsCancelled} bookings cancelled, ${r.sessionsReturned} sessions returned`;
      }
      case "no_show": {
        const b = pick(before.bookings, step.booking);
        if (!b) return "no booking";
        await markAttendance(owner(), b.id, { status: "no_show" });
        // B9: one fee per booking, however often it is marked.
        const fees = (await listPayments(owner())).filter((p) => p.bookingId === b.id && p.fee === "no_show");
        if (fees.length !== (world.noShowFee ? 1 : 0)) fail(`B9: ${fees.length} no-show fees on one booking`);
        return;
      }
      case "attach": {
        const b = pick(
          before.bookings.filter((x) => !x.membershipId),
          step.booking,
        );
        const m = pick(before.memberships, step.membership);
        if (!b || !m) return "nothing to attach";
        const r = await attachBooking(owner(), b.id, { membershipId: m.id, takeSession: step.take });
        return `attached, ${r.sessionsRemaining ?? "no"} sessions left`;
      }
      case "waive_fee": {
        // B9: staff waive a fee (within 24 h; later is refused): due → void, paid → refunded; R1 and S2 still hold.
        const p = pick(
          (await listPayments(owner())).filter((x) => x.fee),
          step.payment,
        );
        if (!p) return "no fee";
        const row = await waiveFee({ ...owner(), now: new Date(now.getTime() + step.inHours * HOUR) }, p.id);
        if (!row.feeWaivedAt) fail("B9: a waived fee has no waive time");
        if (p.status === "due" && row.status !== "void") fail(`B9: a waived due fee is ${row.status}`);
        return `waived (${row.status})`;
      }
      case "tick":
        now = new Date(now.getTime() + step.hours * HOUR);
        return;
    }
  }
}

describe("invariants under random use (issue 9)", () => {
  let ownerUserId: string;
  let base: Base;
  beforeAll(async () => {
    ownerUserId = (await makeStudio()).ownerId;
    base = await makeBase(ownerUserId);
  });

  it("S2, S1, B1, R1, M4: the checks themselves report a lost or doubled count", async () => {
    const s = await makeLightStudio(ownerUserId);
    const ctx = s.owner(T0);
    const plan = await makePlan(ctx, PLANS.pack(3, 30));
    const client = await makeClient(ctx, "Dora");
    const { membership } = await assignMembership(ctx, { planId: plan.id, clientId: client.id, paymentMethod: "cash" });
    const { session } = await makeSession(ctx, { startsAt: new Date(T0.getTime() + 48 * HOUR), capacity: 3 });
    const { booking } = await bookSession(ctx, { sessionId: session.id, clientId: client.id });
    expect(await checkInvariants(ctx)).toEqual([]);

    const rules = async (snap?: Snapshot) =>
      [...new Set((await checkInvariants(ctx, snap)).map((v) => v.split(":")[0]))].sort();
    /** Applies a corruption, reads which rules report it, and undoes it. */
    const corrupt = async (change: SQL, undo: SQL) => {
      await ctx.db.execute(change);
      const found = await rules();
      await ctx.db.execute(undo);
      return found;
    };
    const pack = sql`where studio_id = ${s.studio.id}::uuid and id = ${membership.id}::uuid`;
    expect(
      await corrupt(
        sql`update memberships set sessions_remaining = sessions_remaining + 1 ${pack}`,
        sql`update memberships set sessions_remaining = sessions_remaining - 1 ${pack}`,
      ),
    ).toEqual(["S2 ledger equation"]);
    const place = sql`where studio_id = ${s.studio.id}::uuid and id = ${session.id}::uuid`;
    expect(
      await corrupt(
        sql`update class_sessions set booked_count = booked_count + 1 ${place}`,
        sql`update class_sessions set booked_count = booked_count - 1 ${place}`,
      ),
    ).toEqual(["B1 capacity"]);
    const person = sql`where studio_id = ${s.studio.id}::uuid and id = ${client.id}::uuid`;
    expect(
      await corrupt(
        sql`update clients set lifetime_spend_cents = lifetime_spend_cents + 1 ${person}`,
        sql`update clients set lifetime_spend_cents = lifetime_spend_cents - 1 ${person}`,
      ),
    ).toEqual(["R1 client counters"]);
    // A session given back twice: the booking's ledger nets +1 and the pack holds one too many.
    await changeSessions(ctx, {
      membershipId: membership.id,
      delta: 1,
      reason: "cancelled_by_staff",
      bookingId: booking.id,
    });
    expect(await rules()).toEqual(["S1 one session per booking"]);
    await changeSessions(ctx, {
      membershipId: membership.id,
      delta: -1,
      reason: "booked_by_staff",
      bookingId: booking.id,
    });
    expect(await rules()).toEqual([]);
    // M4: the SQL twin disagreeing with the TS rule.
    const snap = await snapshot(ctx);
    snap.sqlStatus.set(membership.id, "expired");
    expect(await rules(snap)).toEqual(["M4 status twins"]);
    // M12: a use counted without its redemption.
    const other = await makePlan(ctx, PLANS.fixed(10));
    const code = await createPromoCode(ctx, { code: "CHECKS", percentOff: 10, planIds: [other.id], maxUses: 1 });
    await assignMembership(ctx, { planId: other.id, clientId: client.id, promoCode: "CHECKS" });
    expect(await rules()).toEqual([]);
    const promo = sql`where studio_id = ${s.studio.id}::uuid and id = ${code.id}::uuid`;
    expect(
      await corrupt(
        sql`update promo_codes set max_uses = 2, uses = uses + 1 ${promo}`,
        sql`update promo_codes set uses = uses - 1, max_uses = 1 ${promo}`,
      ),
    ).toEqual(["M11/M12"]);
  });

  // Found by the property test: extending moves the start to now, which met the M10 key (client, plan, start).
  it("S5, M10: extending an older pack at the instant a newer pack of the same plan started is refused cleanly and changes nothing", async () => {
    const s = await makeLightStudio(ownerUserId);
    const T1 = new Date(T0.getTime() + 24 * HOUR);
    const plan = await makePlan(s.owner(T0), PLANS.pack(3, 30));
    const client = await makeClient(s.owner(T0), "Ext");
    const { membership: older } = await assignMembership(s.owner(T0), { planId: plan.id, clientId: client.id });
    await assignMembership(s.owner(T1), { planId: plan.id, clientId: client.id });
    await expect(extendMembership(s.owner(T1), older.id)).rejects.toMatchObject({ code: "membership_conflict" });
    expect(await checkInvariants(s.owner(T1))).toEqual([]);
    // A moment later the same extension goes through.
    const extended = await extendMembership(s.owner(new Date(T1.getTime() + 1000)), older.id);
    expect(extended.sessionsRemaining).toBe(3);
  });

  it(
    "S2, S1, B1, B4, B7, S6, M4, M9, M11, M12, R1, P0: after every step of random buy/offer/book/cancel/waitlist/extend/suspend/expire/refund/webhook sequences, packs balance with their ledger, no count goes negative, no class overfills, effective status agrees everywhere and client counters equal their aggregates",
    { timeout: process.env.INVARIANTS_RUNS ? 3_600_000 : 240_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          worldArb,
          fc.array(stepArb, { minLength: Math.min(10, MAX_STEPS), maxLength: MAX_STEPS }),
          (world, steps) => run(base, world, steps),
        ),
        // Shrinking replays whole runs; the limit keeps a failure's report inside the default test's timeout. A slow
        // machine that reaches it has run fewer sequences, which is not a broken rule: only a counterexample fails.
        {
          numRuns: RUNS,
          path: PATH,
          endOnFailure: PATH !== undefined,
          ...(!process.env.INVARIANTS_RUNS && { interruptAfterTimeLimit: 170_000, markInterruptAsFailure: false }),
        },
      );
    },
  );
});
