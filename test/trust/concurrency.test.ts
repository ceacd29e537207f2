import { beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, ne } from "drizzle-orm";
import {
  bookings,
  classSessions,
  clients,
  membershipLedger,
  memberships,
  payments,
  refunds,
  type Booking,
  type ClassSession,
  type Client,
  type Membership,
} from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { DomainError } from "@/lib/core/errors";
import { parseStudioInstant } from "@/lib/core/time";
import { bookSession } from "@/lib/bookings/book-session";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { cancelSession } from "@/lib/bookings/cancel-session";
import { joinWaitlist } from "@/lib/bookings/waitlist";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { adjustMembership, extendMembership } from "@/lib/memberships/change-membership";
import { expireDueMemberships } from "@/lib/memberships/expire-due";
import { loadMembership } from "@/lib/memberships/get-membership";
import { runImport } from "@/lib/memberships/import";
import { refundPayment } from "@/lib/payments/payments";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { testDatabaseMode } from "@/test/support/test-database";
import { checkInvariants, makeLightStudio } from "./invariant-checks";

/**
 * Issue 9, "Concurrency on Postgres": races the booking issue and the bookings
 * tests do not already cover (those cover: 50 bookings for the last place, 20
 * bookings for a pack's last session, double submits, 10 cancels of one booking,
 * a cancel racing a booking, concurrent extends, 8 partial refunds, duplicated
 * webhooks, two overlapping imports). Each call runs in its own transaction on
 * its own pooled connection (the test database's pool holds 40), so these are
 * real parallel transactions. After each race every invariant of the studio is
 * checked (test/trust/invariant-checks.ts).
 */

const T0 = new Date("2026-03-02T09:00:00Z");
const HOUR = 3_600_000;
const inHours = (n: number, from = T0) => new Date(from.getTime() + n * HOUR);
const ROUNDS = 5;

/** Settles all, and fails on anything but a refusal by a rule (a deadlock or a constraint error is a bug). */
async function race<T>(calls: (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
  const results = await Promise.allSettled(calls.map((c) => c()));
  const crashes = results.filter(
    (r): r is PromiseRejectedResult => r.status === "rejected" && !(r.reason instanceof DomainError),
  );
  expect(
    crashes.map(
      (r) =>
        `${r.reason?.cause?.code ?? ""} ${r.reason?.cause?.message ?? ""} ${String(r.reason?.message ?? r.reason).split("\n")[0]}`,
    ),
  ).toEqual([]);
  return results;
}

async function rowCount(ctx: Ctx, table: typeof clients | typeof memberships | typeof membershipLedger) {
  return (await ctx.db.select({ n: count() }).from(table).where(eq(table.studioId, ctx.studio.id)))[0]!.n;
}

describe.skipIf(testDatabaseMode() !== "postgres")("concurrency on Postgres (issue 9)", () => {
  let ownerUserId: string;
  beforeAll(async () => {
    ownerUserId = (await makeStudio()).ownerId;
  });

  it(
    "M10, C1, S2: the same file imported four times at once writes each client, membership and purchase ledger row once",
    { timeout: 60_000 },
    async () => {
      const s = await makeLightStudio(ownerUserId);
      const ctx = s.owner(T0);
      const plan = await makePlan(ctx, PLANS.pack(5, 60));
      const rows = Array.from({ length: 300 }, (_, i) => `Same${i}@Example.TEST,Member ${i},2026-03-01,${i % 6}`);
      const file = ["email,name,startsAt,sessionsRemaining", ...rows].join("\n") + "\n";
      const results = await race(
        Array.from({ length: 4 }, () => () => runImport(ctx, { planId: plan.id, format: "csv", source: file })),
      );
      const done = results.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof runImport>>>).value);
      expect(done.reduce((n, r) => n + r.imported, 0)).toBe(300);
      expect(done.every((r) => r.valid === 300)).toBe(true);
      expect({
        clients: await rowCount(ctx, clients),
        memberships: await rowCount(ctx, memberships),
        ledger: await rowCount(ctx, membershipLedger),
      }).toEqual({
        clients: 300,
        memberships: 300,
        ledger: 300, // one "purchased" row per pack, also for those imported with 0 left (delta 0)
      });
      expect(await checkInvariants(ctx)).toEqual([]);
    },
  );

  it(
    "C1, M10: an import racing staff selling and booking the same people by email (other case, spaces) leaves one client each and one membership per plan and start",
    { timeout: 60_000 },
    async () => {
      const s = await makeLightStudio(ownerUserId);
      const ctx = s.owner(T0);
      const plan = await makePlan(ctx, PLANS.pack(5, 60));
      const start = parseStudioInstant("2026-03-01", s.studio.timezone)!;
      const { session } = await makeSession(ctx, { startsAt: inHours(48), capacity: 40 });
      const emails = Array.from({ length: 200 }, (_, i) => `desk${i}@example.test`);
      const file = ["email,startsAt", ...emails.map((e) => `${e},2026-03-01`)].join("\n") + "\n";
      const desk = emails.filter((_, i) => i % 10 === 3); // 20 people also served at the desk
      await race<unknown>([
        () => runImport(ctx, { planId: plan.id, format: "csv", source: file }),
        ...desk.map(
          (e) => () =>
            assignMembership(ctx, {
              planId: plan.id,
              email: `  ${e.toUpperCase()} `,
              startsAt: start,
              paymentMethod: "cash",
            }),
        ),
        ...desk.map(
          (e) => () => bookSession(ctx, { sessionId: session.id, email: e.replace("desk", "DESK"), name: "Desk" }),
        ),
      ]);
      expect(await rowCount(ctx, clients)).toBe(200);
      const perClient = await ctx.db
        .select({ clientId: memberships.clientId, n: count() })
        .from(memberships)
        .where(eq(memberships.studioId, s.studio.id))
        .groupBy(memberships.clientId);
      expect(perClient).toHaveLength(200);
      expect(perClient.every((r) => r.n === 1)).toBe(true);
      // A desk sale that lost to the import is the import's membership: no second payment, no second purchase.
      const sold = await ctx.db
        .select({ n: count() })
        .from(payments)
        .where(and(eq(payments.studioId, s.studio.id), ne(payments.amountCents, 2500)));
      expect(sold[0]!.n).toBeLessThanOrEqual(desk.length);
      expect(await checkInvariants(ctx)).toEqual([]);
    },
  );

  it(
    "S3, S1: a member's cancel, a staff cancel of the same booking and the studio cancelling the session, all at once, return each session exactly once (their locks meet in opposite orders; a deadlock-aborted transaction is run again)",
    { timeout: 60_000 },
    async () => {
      const s = await makeLightStudio(ownerUserId);
      const ctx = s.owner(T0);
      const plan = await makePlan(ctx, PLANS.pack(5, 60));
      const people = [await makeClient(ctx, "Ana"), await makeClient(ctx, "Ben"), await makeClient(ctx, "Cid")];
      const packs: Membership[] = [];
      for (const p of people) packs.push((await assignMembership(ctx, { planId: plan.id, clientId: p.id })).membership);
      for (let round = 0; round < ROUNDS; round++) {
        const { session } = await makeSession(ctx, {
          startsAt: inHours(24 + round),
          capacity: 3,
          title: `Round ${round}`,
        });
        const booked: Booking[] = [];
        for (const p of people)
          booked.push((await bookSession(ctx, { sessionId: session.id, clientId: p.id })).booking);
        await race<unknown>([
          () => cancelBooking(s.member(people[0]!.id, T0), booked[0]!.id),
          () => cancelBooking(ctx, booked[0]!.id, { by: "staff" }),
          () => cancelBooking(ctx, booked[1]!.id, { by: "staff" }),
          () => cancelSession(ctx, session.id),
          () => cancelBooking(s.member(people[2]!.id, T0), booked[2]!.id),
        ]);
        const [row] = await ctx.db
          .select()
          .from(classSessions)
          .where(and(eq(classSessions.studioId, s.studio.id), eq(classSessions.id, session.id)));
        expect(row!.bookedCount).toBe(0);
        for (const m of packs) expect((await loadMembership(ctx, m.id)).sessionsRemaining).toBe(5);
        expect(await checkInvariants(ctx)).toEqual([]);
      }
    },
  );

  it(
    "M1 (issue 14): five bookings at once on a weekly plan limited to 1 per period book exactly one; the rest are booking_limit_reached",
    { timeout: 60_000 },
    async () => {
      const s = await makeLightStudio(ownerUserId);
      const ctx = s.owner(T0);
      const plan = await makePlan(
        ctx,
        PLANS.monthly({ name: "Once a week", interval: "week", bookingLimitPerPeriod: 1 }),
      );
      for (let round = 0; round < ROUNDS; round++) {
        const client = await makeClient(ctx, `Weekly ${round}`);
        const { membership } = await assignMembership(ctx, { planId: plan.id, clientId: client.id });
        // Five sessions inside the membership's first week, booked at once by the member and by staff.
        const sessions = [];
        for (let i = 0; i < 5; i++)
          sessions.push(
            (await makeSession(ctx, { startsAt: inHours(24 + 6 * i), title: `Week ${round}.${i}` })).session,
          );
        const results = await race(
          sessions.map(
            (x, i) => () =>
              i % 2
                ? bookSession(ctx, { sessionId: x.id, clientId: client.id })
                : bookSession(s.member(client.id, T0), { sessionId: x.id }),
          ),
        );
        const won = results.filter((r) => r.status === "fulfilled");
        expect(won).toHaveLength(1);
        expect(
          results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code),
        ).toEqual(Array(4).fill("booking_limit_reached"));
        const paid = await ctx.db
          .select({ n: count() })
          .from(bookings)
          .where(
            and(
              eq(bookings.studioId, s.studio.id),
              eq(bookings.membershipId, membership.id),
              ne(bookings.status, "cancelled"),
            ),
          );
        expect(paid[0]!.n).toBe(1);
      }
      expect(await checkInvariants(ctx)).toEqual([]);
    },
  );

  it("S3, B1: two cancels of the same booking at once (member and staff) return the session once and free one place", async () => {
    const s = await makeLightStudio(ownerUserId);
    const ctx = s.owner(T0);
    const plan = await makePlan(ctx, PLANS.pack(3, 60));
    const client = await makeClient(ctx, "Twice");
    const { membership } = await assignMembership(ctx, { planId: plan.id, clientId: client.id });
    for (let round = 0; round < ROUNDS; round++) {
      const { session } = await makeSession(ctx, {
        startsAt: inHours(24 + round),
        capacity: 2,
        title: `Twice ${round}`,
      });
      const { booking } = await bookSession(ctx, { sessionId: session.id, clientId: client.id });
      const results = await race([
        () => cancelBooking(s.member(client.id, T0), booking.id),
        () => cancelBooking(ctx, booking.id, { by: "staff" }),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      expect(won).toHaveLength(1);
      expect(
        results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code),
      ).toEqual(["booking_not_active"]);
      expect((await loadMembership(ctx, membership.id)).sessionsRemaining).toBe(3);
      expect(await checkInvariants(ctx)).toEqual([]);
    }
  });

  it("R1: full and partial refunds of one payment raced together never refund more than was paid; lifetime spend follows", async () => {
    const s = await makeLightStudio(ownerUserId);
    const ctx = s.owner(T0);
    const plan = await makePlan(ctx, PLANS.fixed(30, { priceCents: 5000 }));
    for (let round = 0; round < ROUNDS; round++) {
      const client = await makeClient(ctx, `Refund${round}`);
      await assignMembership(ctx, { planId: plan.id, clientId: client.id, paymentMethod: "cash" });
      const [paid] = await ctx.db
        .select()
        .from(payments)
        .where(and(eq(payments.studioId, s.studio.id), eq(payments.clientId, client.id)));
      const results = await race([
        () => refundPayment(ctx, paid!.id, { amountCents: 5000 }),
        () => refundPayment(ctx, paid!.id, { amountCents: 5000 }),
        () => refundPayment(ctx, paid!.id, { amountCents: 3000 }),
        () => refundPayment(ctx, paid!.id, { amountCents: 2000 }),
      ]);
      const granted = results.flatMap((r, i) => (r.status === "fulfilled" ? [[5000, 5000, 3000, 2000][i]!] : []));
      expect(granted.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5000);
      expect(granted.length).toBeGreaterThanOrEqual(1);
      const [after] = await ctx.db
        .select()
        .from(payments)
        .where(and(eq(payments.studioId, s.studio.id), eq(payments.id, paid!.id)));
      const rows = await ctx.db
        .select()
        .from(refunds)
        .where(and(eq(refunds.studioId, s.studio.id), eq(refunds.paymentId, paid!.id)));
      expect(after!.refundedCents).toBe(granted.reduce((a, b) => a + b, 0));
      expect(rows.reduce((n, r) => n + r.amountCents, 0)).toBe(after!.refundedCents);
      const [c] = await ctx.db
        .select()
        .from(clients)
        .where(and(eq(clients.studioId, s.studio.id), eq(clients.id, client.id)));
      expect(c!.lifetimeSpendCents).toBe(5000 - after!.refundedCents);
      expect(await checkInvariants(ctx)).toEqual([]);
    }
  });

  it(
    "B1, B4, S3: a cancel that promotes the waitlist, raced by direct bookings, never overfills the class and gives the place to the first waiting",
    { timeout: 60_000 },
    async () => {
      const s = await makeLightStudio(ownerUserId);
      const ctx = s.owner(T0);
      const plan = await makePlan(ctx, PLANS.pack(10, 60));
      const holder = await makeClient(ctx, "Holder");
      const waiter = await makeClient(ctx, "Waiter");
      const rushers: Client[] = [];
      for (let i = 0; i < 6; i++) rushers.push(await makeClient(ctx, `Rusher${i}`));
      for (const c of [holder, waiter, ...rushers]) await assignMembership(ctx, { planId: plan.id, clientId: c.id });
      for (let round = 0; round < ROUNDS; round++) {
        const { session } = await makeSession(ctx, {
          startsAt: inHours(24 + round),
          capacity: 1,
          title: `Full ${round}`,
        });
        const { booking } = await bookSession(ctx, { sessionId: session.id, clientId: holder.id });
        await joinWaitlist(ctx, { sessionId: session.id, clientId: waiter.id });
        await race<unknown>([
          () => cancelBooking(s.member(holder.id, T0), booking.id),
          ...rushers.map((r) => () => bookSession(s.member(r.id, T0), { sessionId: session.id })),
        ]);
        const live = await ctx.db
          .select()
          .from(bookings)
          .where(
            and(
              eq(bookings.studioId, s.studio.id),
              eq(bookings.sessionId, session.id),
              ne(bookings.status, "cancelled"),
            ),
          );
        expect(live).toHaveLength(1);
        // The freed place is refilled from the queue in the cancel's own transaction, so nobody racing sees it free.
        expect(live[0]!.clientId).toBe(waiter.id);
        expect(await checkInvariants(ctx)).toEqual([]);
      }
    },
  );

  it(
    "B4, S3: two cancels at once whose waitlists promote each other's canceller (crossed queues) both succeed and pay once each (each locks its own pack and client, then the other's through the promotion; a deadlock-aborted transaction is run again)",
    { timeout: 60_000 },
    async () => {
      const s = await makeLightStudio(ownerUserId);
      const ctx = s.owner(T0);
      const plan = await makePlan(ctx, PLANS.pack(10, 60));
      const ann = await makeClient(ctx, "Ann");
      const xav = await makeClient(ctx, "Xav");
      const packs: Membership[] = [];
      for (const c of [ann, xav])
        packs.push((await assignMembership(ctx, { planId: plan.id, clientId: c.id })).membership);
      for (let round = 0; round < ROUNDS; round++) {
        const one = (await makeSession(ctx, { startsAt: inHours(24 + round), capacity: 1, title: `One ${round}` }))
          .session;
        const two = (await makeSession(ctx, { startsAt: inHours(48 + round), capacity: 1, title: `Two ${round}` }))
          .session;
        const a = await bookSession(ctx, { sessionId: one.id, clientId: ann.id });
        const x = await bookSession(ctx, { sessionId: two.id, clientId: xav.id });
        await joinWaitlist(ctx, { sessionId: two.id, clientId: ann.id });
        await joinWaitlist(ctx, { sessionId: one.id, clientId: xav.id });
        const results = await race([
          () => cancelBooking(s.member(ann.id, T0), a.booking.id),
          () => cancelBooking(s.member(xav.id, T0), x.booking.id),
        ]);
        expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
        // Each gave one session back and took one for the promotion: the counts are where they were.
        for (const m of packs) expect((await loadMembership(ctx, m.id)).sessionsRemaining).toBe(10 - round - 1);
        expect(await checkInvariants(ctx)).toEqual([]);
      }
    },
  );

  it(
    "M4, S2, S5: sweeps racing each other, extensions, staff adjustments and cancels on packs that just ended expire each pack once and keep every ledger balanced",
    { timeout: 60_000 },
    async () => {
      const s = await makeLightStudio(ownerUserId);
      const earlier = s.owner(inHours(-72));
      const ctx = s.owner(T0);
      const plan = await makePlan(ctx, PLANS.pack(4, 30));
      const people: Client[] = [];
      for (let i = 0; i < 8; i++) people.push(await makeClient(ctx, `Sweep${i}`));
      const packs: Membership[] = [];
      for (const p of people)
        packs.push((await assignMembership(earlier, { planId: plan.id, clientId: p.id })).membership);
      // Half of them booked a class still ahead, then staff moved the pack's end to just before now.
      const { session } = await makeSession(ctx, { startsAt: inHours(48), capacity: 10 });
      const booked: Booking[] = [];
      for (const p of people.slice(0, 4))
        booked.push((await bookSession(earlier, { sessionId: session.id, clientId: p.id })).booking);
      for (const m of packs)
        await adjustMembership(s.owner(inHours(-2)), m.id, { endsAt: inHours(-1), reason: "ended early" });

      await race<unknown>([
        () => expireDueMemberships(ctx.db, T0, s.studio.id),
        () => expireDueMemberships(ctx.db, T0, s.studio.id),
        ...booked.map((b) => () => cancelBooking(ctx, b.id, { by: "staff" })),
        () => extendMembership(ctx, packs[4]!.id),
        () => extendMembership(ctx, packs[5]!.id),
        () => adjustMembership(ctx, packs[6]!.id, { sessionsDelta: 1, reason: "goodwill" }),
        () => expireDueMemberships(ctx.db, T0, s.studio.id),
      ]);
      await expireDueMemberships(ctx.db, T0, s.studio.id);
      expect(await checkInvariants(ctx)).toEqual([]);
      const expiredRows = await ctx.db
        .select({ membershipId: membershipLedger.membershipId, n: count() })
        .from(membershipLedger)
        .where(and(eq(membershipLedger.studioId, s.studio.id), eq(membershipLedger.reason, "expired")))
        .groupBy(membershipLedger.membershipId);
      // The six packs nobody extended expired, each exactly once (every one still had sessions to forfeit); an extended
      // pack expired at most once, if the sweep reached it before the extension. Checked by id, so a sweep that
      // expired nothing fails too.
      const ended = [0, 1, 2, 3, 6, 7].map((i) => packs[i]!.id);
      const times = new Map(expiredRows.map((r) => [r.membershipId, r.n]));
      expect(ended.map((id) => times.get(id) ?? 0)).toEqual([1, 1, 1, 1, 1, 1]);
      expect([packs[4]!, packs[5]!].map((m) => times.get(m.id) ?? 0).every((n) => n <= 1)).toBe(true);
      expect(expiredRows.length).toBeLessThanOrEqual(8);
      for (const id of ended) expect(await loadMembership(ctx, id)).toMatchObject({ status: "expired" });
      for (const m of [packs[4]!, packs[5]!])
        expect(await loadMembership(ctx, m.id)).toMatchObject({ status: "active", sessionsRemaining: 4 });
      expect(await expireDueMemberships(ctx.db, T0, s.studio.id)).toBe(0);
    },
  );

  it(
    "R1: one client's books and cancels raced together (cancelling its first and last bookings among them) leave its counters equal to a recount",
    { timeout: 60_000 },
    async () => {
      const s = await makeLightStudio(ownerUserId);
      const ctx = s.owner(T0);
      const ada = await makeClient(ctx, "Ada");
      const sessions: ClassSession[] = [];
      for (let i = 0; i < 12; i++)
        sessions.push((await makeSession(ctx, { startsAt: inHours(48 + i), dropInPriceCents: 0 })).session);
      // Six bookings made at different instants (created_at = the instant), then six more raced with cancels of
      // the earliest and the latest of the first six: each cancel moves an edge the others are moving too.
      const first: Booking[] = [];
      for (let i = 0; i < 6; i++)
        first.push((await bookSession(s.owner(inHours(i)), { sessionId: sessions[i]!.id, clientId: ada.id })).booking);
      for (let round = 0; round < ROUNDS; round++) {
        await race<unknown>([
          ...sessions
            .slice(6)
            .map((x, i) => () => bookSession(s.owner(inHours(10 + i - round)), { sessionId: x.id, clientId: ada.id })),
          () => cancelBooking(s.owner(inHours(20)), first[0]!.id, { by: "staff" }),
          () => cancelBooking(s.owner(inHours(20)), first[5]!.id, { by: "staff" }),
        ]);
        expect(await checkInvariants(ctx)).toEqual([]);
        const [row] = await ctx.db
          .select()
          .from(clients)
          .where(and(eq(clients.studioId, s.studio.id), eq(clients.id, ada.id)));
        expect(row!.totalBookings).toBe(10);
        expect(row!.firstBookingAt).toEqual(inHours(1));
        // Put the round back: the raced bookings cancelled together, the two edges booked again at their instants.
        const live = await ctx.db
          .select({ id: bookings.id, sessionId: bookings.sessionId })
          .from(bookings)
          .where(
            and(eq(bookings.studioId, s.studio.id), eq(bookings.clientId, ada.id), ne(bookings.status, "cancelled")),
          );
        const raced = live.filter((b) => sessions.slice(6).some((x) => x.id === b.sessionId));
        await race(raced.map((b) => () => cancelBooking(s.owner(inHours(20)), b.id, { by: "staff" })));
        first[0] = (await bookSession(s.owner(inHours(0)), { sessionId: sessions[0]!.id, clientId: ada.id })).booking;
        first[5] = (await bookSession(s.owner(inHours(5)), { sessionId: sessions[5]!.id, clientId: ada.id })).booking;
        expect(await checkInvariants(ctx)).toEqual([]);
      }
    },
  );
});
