import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { bookings, classSessions, memberships, payments, stripeAccounts } from "@/db/schema";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { makeSession } from "@/test/support/booking-fixtures";
import { testDatabaseMode } from "@/test/support/test-database";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { loadMembership } from "@/lib/memberships/get-membership";
import { listLedger } from "@/lib/memberships/ledger";
import { updateStudioSettings } from "@/lib/studios/settings";
import type { Ctx } from "@/lib/core/ctx";
import { bookSession } from "./book-session";
import { cancelBooking } from "./cancel-booking";

const T0 = new Date("2026-05-04T08:00:00Z");
const inDays = (n: number) => new Date(T0.getTime() + n * 86_400_000);

async function setup(packSize = 8) {
  const s = await makeStudio();
  const owner = await s.owner(T0);
  const plan = await makePlan(owner, PLANS.pack(packSize, 60));
  const client = await makeClient(owner, "Maja");
  const { membership } = await assignMembership(owner, { planId: plan.id, clientId: client.id });
  const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id }, T0);
  return { s, owner, plan, client, pack: membership, member };
}

async function expectBalanced(ctx: Ctx, membershipId: string) {
  const m = await loadMembership(ctx, membershipId);
  const rows = await listLedger(ctx, membershipId);
  expect(rows.reduce((sum, r) => sum + r.delta, 0)).toBe(m.sessionsRemaining);
  expect(m.sessionsRemaining).toBeGreaterThanOrEqual(0);
}

describe("booking and cancelling (S1–S8, B1–B2, B7)", () => {
  it("S1, S8: a member with 8 sessions books (7 left, 1 active booking) and cancels (8 left)", async () => {
    const { owner, pack, member } = await setup(8);
    const { session } = await makeSession(owner, { startsAt: inDays(21) });
    const booked = await bookSession(member, { sessionId: session.id });
    expect(booked).toMatchObject({ membershipId: pack.id, sessionsRemaining: 7 });
    const live = await owner.db
      .select()
      .from(bookings)
      .where(and(eq(bookings.clientId, pack.clientId!), eq(bookings.status, "booked")));
    expect(live).toHaveLength(1);
    const cancelled = await cancelBooking(member, booked.booking.id);
    expect(cancelled).toMatchObject({ sessionReturned: true, sessionsRemaining: 8 });
    await expectBalanced(owner, pack.id);
  });

  it("S2: a pack of 4 goes book → 3, member cancel → 4, staff books twice → 2, and the ledger reads that history", async () => {
    const { owner, pack, member, client } = await setup(4);
    const a = await makeSession(owner, { startsAt: inDays(2) });
    const b = await makeSession(owner, { startsAt: inDays(3) });
    const first = await bookSession(member, { sessionId: a.session.id });
    await cancelBooking(member, first.booking.id);
    await bookSession(owner, { sessionId: a.session.id, clientId: client.id });
    const last = await bookSession(owner, { sessionId: b.session.id, clientId: client.id });
    expect(last.sessionsRemaining).toBe(2);
    expect((await listLedger(owner, pack.id)).map((r) => [r.reason, r.delta, r.balanceAfter])).toEqual([
      ["purchased", 4, 4],
      ["booked_by_member", -1, 3],
      ["cancelled_by_member", 1, 4],
      ["booked_by_staff", -1, 3],
      ["booked_by_staff", -1, 2],
    ]);
    await expectBalanced(owner, pack.id);
  });

  it("B1: a full class refuses with class_full; S3 one live booking per client (already_booked)", async () => {
    const { owner, member, plan } = await setup();
    const { session } = await makeSession(owner, { startsAt: inDays(1), capacity: 1 });
    await bookSession(member, { sessionId: session.id });
    await expect(bookSession(member, { sessionId: session.id })).rejects.toMatchObject({ code: "already_booked" });
    const other = await makeClient(owner, "Other");
    await assignMembership(owner, { planId: plan.id, clientId: other.id });
    await expect(bookSession(owner, { sessionId: session.id, clientId: other.id })).rejects.toMatchObject({
      code: "class_full",
    });
    const [row] = await owner.db.select().from(classSessions).where(eq(classSessions.id, session.id));
    expect(row!.bookedCount).toBe(1);
  });

  it("B1, S1 (issue 20's order: the pack pays before the place is taken): a full session takes nothing from the pack, and answers class_full before any payment's refusal", async () => {
    const { owner, member, plan } = await setup();
    // No drop-in: a client without a membership is refused (membership_required) when a place is free.
    const { session } = await makeSession(owner, { startsAt: inDays(1), capacity: 1, dropInPriceCents: null });
    await bookSession(member, { sessionId: session.id });

    // A pack holder: its session was spent before the place was asked for, and given back with the rollback.
    const other = await makeClient(owner, "Other");
    const { membership: otherPack } = await assignMembership(owner, { planId: plan.id, clientId: other.id });
    await expect(bookSession(owner, { sessionId: session.id, clientId: other.id })).rejects.toMatchObject({
      code: "class_full",
    });
    expect((await loadMembership(owner, otherPack.id)).sessionsRemaining).toBe(8);
    expect((await listLedger(owner, otherPack.id)).map((r) => r.reason)).toEqual(["purchased"]);
    expect(
      await owner.db
        .select()
        .from(bookings)
        .where(and(eq(bookings.sessionId, session.id), eq(bookings.clientId, other.id))),
    ).toEqual([]);

    // No membership for a class without a drop-in (membership_required), no sessions left (no_sessions_left): a full
    // session still answers class_full, as it did when the place was taken first.
    const none = await makeClient(owner, "No membership");
    await expect(bookSession(owner, { sessionId: session.id, clientId: none.id })).rejects.toMatchObject({
      code: "class_full",
    });
    const empty = await makeClient(owner, "Empty pack");
    const { membership: emptyPack } = await assignMembership(owner, { planId: plan.id, clientId: empty.id });
    await owner.db.update(memberships).set({ sessionsRemaining: 0 }).where(eq(memberships.id, emptyPack.id));
    await expect(bookSession(owner, { sessionId: session.id, clientId: empty.id })).rejects.toMatchObject({
      code: "class_full",
    });

    // With a place free, the refusals are their own, and leave the place free.
    const open = await makeSession(owner, { startsAt: inDays(1), capacity: 1, dropInPriceCents: null });
    await expect(bookSession(owner, { sessionId: open.session.id, clientId: none.id })).rejects.toMatchObject({
      code: "membership_required",
    });
    await expect(bookSession(owner, { sessionId: open.session.id, clientId: empty.id })).rejects.toMatchObject({
      code: "no_sessions_left",
    });
    const [free] = await owner.db.select().from(classSessions).where(eq(classSessions.id, open.session.id));
    expect(free!.bookedCount).toBe(0);
    const [full] = await owner.db.select().from(classSessions).where(eq(classSessions.id, session.id));
    expect(full!.bookedCount).toBe(1);
  });

  it("B2: a member-only class refuses a guest with membership_required; a guest drop-in records a payment due", async () => {
    const { owner } = await setup();
    const memberOnly = await makeSession(owner, { startsAt: inDays(1), memberOnly: true });
    const dropIn = await makeSession(owner, { startsAt: inDays(1), dropInPriceCents: 3000 });
    await expect(
      bookSession(owner, { sessionId: memberOnly.session.id, email: "guest@example.test", name: "Guest" }),
    ).rejects.toMatchObject({
      code: "membership_required",
    });
    const guest = await bookSession(owner, {
      sessionId: dropIn.session.id,
      email: "Guest@Example.test",
      name: "Guest",
    });
    expect(guest.membershipId).toBeNull();
    const [due] = await owner.db.select().from(payments).where(eq(payments.bookingId, guest.booking.id));
    expect(due).toMatchObject({ status: "due", amountCents: 3000 });
    // The refused member-only booking left its place free (the transaction rolled back).
    const [row] = await owner.db.select().from(classSessions).where(eq(classSessions.id, memberOnly.session.id));
    expect(row!.bookedCount).toBe(0);
  });

  it("P0 (issue 14): with card payments on, a member's own priced drop-in is refused with payment_required whatever door calls the verb; staff still book it with a payment due", async () => {
    const { s, owner, member } = await setup();
    const { session } = await makeSession(owner, { startsAt: inDays(1), dropInPriceCents: 3000 });
    const free = await makeSession(owner, { startsAt: inDays(1), dropInPriceCents: 0 });
    process.env.STRIPE_SECRET_KEY = "sk_test_not_called";
    try {
      await owner.db
        .insert(stripeAccounts)
        .values({ studioId: s.studio.id, accountId: `acct_${s.studio.id.slice(0, 8)}`, chargesEnabled: true });
      const stranger = await makeClient(owner, "Stranger");
      const strangerMember = await s.ctx({ kind: "member", userId: s.ownerId, clientId: stranger.id }, T0);
      await expect(bookSession(strangerMember, { sessionId: session.id })).rejects.toMatchObject({
        code: "payment_required",
      });
      const [row] = await owner.db.select().from(classSessions).where(eq(classSessions.id, session.id));
      expect(row!.bookedCount).toBe(0);
      expect(await owner.db.select().from(bookings).where(eq(bookings.sessionId, session.id))).toHaveLength(0);
      // A free drop-in needs no card; a member whose pack pays books as ever.
      await expect(bookSession(strangerMember, { sessionId: free.session.id })).resolves.toMatchObject({
        membershipId: null,
      });
      await expect(bookSession(member, { sessionId: session.id })).resolves.toMatchObject({
        sessionsRemaining: expect.any(Number),
      });
      // Staff (and the API) book the same drop-in with a payment due.
      const byStaff = await bookSession(owner, { sessionId: session.id, clientId: stranger.id });
      const [due] = await owner.db.select().from(payments).where(eq(payments.bookingId, byStaff.booking.id));
      expect(due).toMatchObject({ status: "due", amountCents: 3000 });
      // Charges off again: the member's own drop-in is "pay at the studio" as before.
      await owner.db
        .update(stripeAccounts)
        .set({ chargesEnabled: false })
        .where(eq(stripeAccounts.studioId, s.studio.id));
      const later = await makeSession(owner, { startsAt: inDays(2), dropInPriceCents: 3000 });
      await expect(bookSession(strangerMember, { sessionId: later.session.id })).resolves.toMatchObject({
        membershipId: null,
      });
    } finally {
      delete process.env.STRIPE_SECRET_KEY;
    }
  });

  it("S4: a membership that covers without spending pays first; otherwise the pack that ends soonest", async () => {
    const { owner, client, pack } = await setup();
    const later = await makePlan(owner, PLANS.pack(5, 120));
    const { membership: longPack } = await assignMembership(owner, { planId: later.id, clientId: client.id });
    const s1 = await makeSession(owner, { startsAt: inDays(1) });
    expect((await bookSession(owner, { sessionId: s1.session.id, clientId: client.id })).membershipId).toBe(pack.id);
    const s2 = await makeSession(owner, { startsAt: inDays(1) });
    expect(
      (await bookSession(owner, { sessionId: s2.session.id, clientId: client.id, membershipId: longPack.id }))
        .membershipId,
    ).toBe(longPack.id);
    const monthly = await makePlan(owner, PLANS.monthly());
    const { membership: unlimited } = await assignMembership(owner, { planId: monthly.id, clientId: client.id });
    const s3 = await makeSession(owner, { startsAt: inDays(1) });
    const r3 = await bookSession(owner, { sessionId: s3.session.id, clientId: client.id });
    expect(r3).toMatchObject({ membershipId: unlimited.id, sessionsRemaining: null });
    expect((await cancelBooking(owner, r3.booking.id)).sessionReturned).toBe(false);
  });

  it("no_sessions_left once the pack is spent; a booking after the pack ends is refused", async () => {
    const { owner, member } = await setup(1);
    await bookSession(member, { sessionId: (await makeSession(owner, { startsAt: inDays(1) })).session.id });
    await expect(
      bookSession(member, { sessionId: (await makeSession(owner, { startsAt: inDays(2) })).session.id }),
    ).rejects.toMatchObject({
      code: "no_sessions_left",
    });
    const afterEnd = await makeSession(owner, { startsAt: inDays(61), memberOnly: true });
    await expect(bookSession(member, { sessionId: afterEnd.session.id })).rejects.toMatchObject({
      code: "membership_required",
    });
  });

  it("B7: a member cancelling inside the late window keeps the session spent (late_cancel); staff override", async () => {
    const { s, owner, pack, client } = await setup(4);
    const studio = await updateStudioSettings(owner, { lateCancelHours: 12 });
    const fresh = { ...(await s.owner(T0)), studio }; // a ctx carries the studio as read at the request
    const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id }, T0);
    const soon = await makeSession(fresh, { startsAt: new Date(T0.getTime() + 6 * 3600_000) });
    const other = await makeSession(fresh, { startsAt: new Date(T0.getTime() + 6 * 3600_000) });
    const memberCtx = { ...member, studio };
    const a = await bookSession(memberCtx, { sessionId: soon.session.id });
    expect(await cancelBooking(memberCtx, a.booking.id)).toMatchObject({
      sessionReturned: false,
      sessionsRemaining: 3,
    });
    const b = await bookSession(fresh, { sessionId: other.session.id, clientId: client.id });
    expect(await cancelBooking(fresh, b.booking.id)).toMatchObject({ sessionReturned: true, sessionsRemaining: 3 });
    expect((await listLedger(owner, pack.id)).map((r) => r.reason)).toContain("late_cancel");
    await expectBalanced(owner, pack.id);
  });

  it("S6: with the setting on, cancelling a booking paid by an older pack after a newer one was bought returns nothing; off, it returns", async () => {
    for (const on of [true, false]) {
      const { s, owner, plan, client, pack } = await setup(2);
      const settled = on ? await updateStudioSettings(owner, { noRestoreAfterNewPass: true }) : owner.studio;
      const staff = { ...(await s.owner(T0)), studio: settled };
      const session = await makeSession(staff, { startsAt: inDays(5) });
      const booked = await bookSession(staff, { sessionId: session.session.id, clientId: client.id });
      await assignMembership({ ...staff, now: inDays(1) }, { planId: plan.id, clientId: client.id });
      const result = await cancelBooking({ ...staff, now: inDays(2) }, booked.booking.id);
      expect(result.sessionReturned).toBe(!on);
      const reasons = (await listLedger(staff, pack.id)).map((r) => r.reason);
      expect(reasons.includes("restore_refused_newer_pass")).toBe(on);
      await expectBalanced(staff, pack.id);
    }
  });

  it("a cancelled booking cannot be cancelled again; a started session cannot be booked or cancelled", async () => {
    const { owner, member } = await setup();
    const { session } = await makeSession(owner, { startsAt: inDays(1) });
    const booked = await bookSession(member, { sessionId: session.id });
    await cancelBooking(member, booked.booking.id);
    await expect(cancelBooking(member, booked.booking.id)).rejects.toMatchObject({ code: "booking_not_active" });
    const again = await bookSession(member, { sessionId: session.id });
    const afterStart = { ...member, now: inDays(1) };
    await expect(cancelBooking(afterStart, again.booking.id)).rejects.toMatchObject({ code: "session_started" });
    await expect(
      bookSession({ ...owner, now: inDays(2) }, { sessionId: session.id, email: "x@example.test", name: "X" }),
    ).rejects.toMatchObject({
      code: "session_started",
    });
  });

  it("another studio's session or booking is not found", async () => {
    const { owner, member } = await setup();
    const other = await makeStudio();
    const theirs = await makeSession(await other.owner(T0), { startsAt: inDays(1) });
    await expect(bookSession(member, { sessionId: theirs.session.id })).rejects.toMatchObject({ code: "not_found" });
    const mine = await bookSession(member, {
      sessionId: (await makeSession(owner, { startsAt: inDays(1) })).session.id,
    });
    await expect(cancelBooking(await other.owner(T0), mine.booking.id)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe.skipIf(testDatabaseMode() !== "postgres")("races on Postgres (S3, B1)", () => {
  it("50 concurrent bookings for the last place give exactly one booking", async () => {
    const { owner, plan } = await setup();
    const { session } = await makeSession(owner, { startsAt: inDays(1), capacity: 1 });
    const people = await Promise.all(Array.from({ length: 50 }, (_, i) => makeClient(owner, `Racer${i}`)));
    for (const p of people) await assignMembership(owner, { planId: plan.id, clientId: p.id });
    const results = await Promise.allSettled(
      people.map((p) => bookSession(owner, { sessionId: session.id, clientId: p.id })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [row] = await owner.db.select().from(classSessions).where(eq(classSessions.id, session.id));
    expect(row!.bookedCount).toBe(1);
    expect(
      await owner.db
        .select()
        .from(bookings)
        .where(and(eq(bookings.sessionId, session.id), eq(bookings.status, "booked"))),
    ).toHaveLength(1);
  });

  it("20 concurrent bookings on a pack with one session spend it once", async () => {
    const { owner, pack, member } = await setup(1);
    const sessions = await Promise.all(
      Array.from({ length: 20 }, () => makeSession(owner, { startsAt: inDays(3), dropInPriceCents: null })),
    );
    const results = await Promise.allSettled(sessions.map((x) => bookSession(member, { sessionId: x.session.id })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(
      Array(19).fill("no_sessions_left"),
    );
    expect((await loadMembership(owner, pack.id)).sessionsRemaining).toBe(0);
    await expectBalanced(owner, pack.id);
  });

  it("the same member double-submitting gets one booking; a cancel racing a cancel returns the session once", async () => {
    const { owner, pack, member } = await setup(5);
    const { session } = await makeSession(owner, { startsAt: inDays(1) });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => bookSession(member, { sessionId: session.id })),
    );
    const won = results.filter(
      (r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof bookSession>>> => r.status === "fulfilled",
    );
    expect(won).toHaveLength(1);
    expect((await loadMembership(owner, pack.id)).sessionsRemaining).toBe(4);
    const cancels = await Promise.allSettled(
      Array.from({ length: 10 }, () => cancelBooking(member, won[0]!.value.booking.id)),
    );
    expect(cancels.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await loadMembership(owner, pack.id)).sessionsRemaining).toBe(5);
    await expectBalanced(owner, pack.id);
  });

  it("a cancel racing a booking returns the session exactly once", async () => {
    const { owner, pack, member } = await setup(1);
    const a = await makeSession(owner, { startsAt: inDays(1) });
    const b = await makeSession(owner, { startsAt: inDays(2), dropInPriceCents: null });
    const first = await bookSession(member, { sessionId: a.session.id });
    const [cancel, book] = await Promise.allSettled([
      cancelBooking(member, first.booking.id),
      bookSession(member, { sessionId: b.session.id }),
    ]);
    expect(cancel.status).toBe("fulfilled");
    const m = await loadMembership(owner, pack.id);
    expect(m.sessionsRemaining).toBe(book.status === "fulfilled" ? 0 : 1);
    await expectBalanced(owner, pack.id);
  });
});
