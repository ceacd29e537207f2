import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { bookings, classSessions, membershipLedger, messages, waitlistEntries } from "@/db/schema";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { makeSession } from "@/test/support/booking-fixtures";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { loadMembership } from "@/lib/memberships/get-membership";
import { recordPayment } from "@/lib/payments/payments";
import { attachBooking, getAttendance, markAttendance } from "./attendance";
import { bookSession } from "./book-session";
import { cancelBooking } from "./cancel-booking";
import { cancelSession } from "./cancel-session";
import { joinWaitlist, leaveWaitlist } from "./waitlist";
import { mailText } from "@/test/support/mail-text";

const T0 = new Date("2026-06-01T08:00:00Z");
const inDays = (n: number) => new Date(T0.getTime() + n * 86_400_000);

describe("waitlist, attendance and guest bookings", () => {
  it("B4: first come first served; a freed place books the first waiting client who can pay, takes their session and mails them", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const pack = await makePlan(owner, PLANS.pack(5));
    const { session } = await makeSession(owner, { startsAt: inDays(3), capacity: 1, dropInPriceCents: null });
    const [holder, broke, next] = await Promise.all([
      makeClient(owner, "Holder"),
      makeClient(owner, "Broke"),
      makeClient(owner, "Next"),
    ]);
    await assignMembership(owner, { planId: pack.id, clientId: holder.id });
    const { membership: nextPack } = await assignMembership(owner, { planId: pack.id, clientId: next.id });
    const placed = await bookSession(owner, { sessionId: session.id, clientId: holder.id });
    await expect(
      joinWaitlist(owner, {
        sessionId: (await makeSession(owner, { startsAt: inDays(3) })).session.id,
        clientId: next.id,
      }),
    ).rejects.toMatchObject({
      code: "places_available",
    });
    const first = await joinWaitlist(owner, { sessionId: session.id, clientId: broke.id }); // no membership: cannot pay
    const second = await joinWaitlist(owner, { sessionId: session.id, clientId: next.id });
    expect((await joinWaitlist(owner, { sessionId: session.id, clientId: next.id })).id).toBe(second.id);
    expect(second.position).toBeGreaterThan(first.position);

    const result = await cancelBooking(owner, placed.booking.id);
    expect(result.promoted.map((p) => p.clientId)).toEqual([next.id]);
    expect((await loadMembership(owner, nextPack.id)).sessionsRemaining).toBe(4);
    const [row] = await owner.db.select().from(classSessions).where(eq(classSessions.id, session.id));
    expect(row!.bookedCount).toBe(1);
    const waiting = await owner.db.select().from(waitlistEntries).where(eq(waitlistEntries.sessionId, session.id));
    expect(waiting.find((w) => w.clientId === broke.id)!.promotedBookingId).toBeNull();
    const mails = await owner.db
      .select()
      .from(messages)
      .where(and(eq(messages.studioId, s.studio.id), eq(messages.kind, "waitlist_promoted")));
    expect(mails.map((m) => m.clientId)).toEqual([next.id]);
    await leaveWaitlist(owner, first.id);
    await expect(leaveWaitlist(owner, first.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("B5: the present toggle only marks the row; no-show keeps the session spent", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const plan = await makePlan(owner, PLANS.pack(3));
    const client = await makeClient(owner, "Present");
    const { membership } = await assignMembership(owner, { planId: plan.id, clientId: client.id });
    const { session } = await makeSession(owner, { startsAt: inDays(1) });
    const booked = await bookSession(owner, { sessionId: session.id, clientId: client.id });
    const ledgerBefore = await owner.db
      .select()
      .from(membershipLedger)
      .where(eq(membershipLedger.membershipId, membership.id));
    const marked = await markAttendance(owner, booked.booking.id, { present: true });
    expect(marked).toMatchObject({ present: true, status: "booked", membershipId: membership.id });
    expect(
      await owner.db.select().from(membershipLedger).where(eq(membershipLedger.membershipId, membership.id)),
    ).toHaveLength(ledgerBefore.length);
    expect((await loadMembership(owner, membership.id)).sessionsRemaining).toBe(2);
    const list = await getAttendance(owner, session.id);
    expect(list.map((r) => [r.clientName, r.booking.present])).toEqual([["Present", true]]);
    expect((await markAttendance(owner, booked.booking.id, { status: "no_show" })).status).toBe("no_show");
  });

  it("S7: a guest booking is attached to a pack later, taking a session or not, as staff choose", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const plan = await makePlan(owner, PLANS.pack(4));
    const a = await makeSession(owner, { startsAt: inDays(1), dropInPriceCents: 2000 });
    const b = await makeSession(owner, { startsAt: inDays(2), dropInPriceCents: 2000 });
    const guestA = await bookSession(owner, { sessionId: a.session.id, email: "walkin@example.test", name: "Walk In" });
    const guestB = await bookSession(owner, { sessionId: b.session.id, email: "walkin@example.test", name: "Walk In" });
    const { membership } = await assignMembership(owner, { planId: plan.id, clientId: guestA.booking.clientId });
    expect(
      await attachBooking(owner, guestA.booking.id, { membershipId: membership.id, takeSession: true }),
    ).toMatchObject({ sessionsRemaining: 3 });
    expect(
      await attachBooking(owner, guestB.booking.id, { membershipId: membership.id, takeSession: false }),
    ).toMatchObject({ sessionsRemaining: 3 });
    await expect(
      attachBooking(owner, guestB.booking.id, { membershipId: membership.id, takeSession: true }),
    ).rejects.toMatchObject({ code: "already_attached" });
    const reasons = (
      await owner.db.select().from(membershipLedger).where(eq(membershipLedger.membershipId, membership.id))
    ).map((r) => r.reason);
    expect(reasons).toEqual(["purchased", "converted_guest_booking"]);
    // Cancelling the attached booking that took a session gives it back (S1).
    expect(await cancelBooking(owner, guestA.booking.id)).toMatchObject({
      sessionReturned: true,
      sessionsRemaining: 4,
    });
    const [bRow] = await owner.db.select().from(bookings).where(eq(bookings.id, guestB.booking.id));
    expect(bRow!.sessionTaken).toBe(false);
    // A payment for a booking must name that booking's client (P0).
    const paid = await recordPayment(owner, {
      clientId: guestB.booking.clientId,
      bookingId: guestB.booking.id,
      amountCents: 2000,
      method: "cash",
    });
    expect(paid).toMatchObject({ status: "paid", bookingId: guestB.booking.id });
    const stranger = await makeClient(owner, "Stranger");
    await expect(
      recordPayment(owner, { clientId: stranger.id, bookingId: guestB.booking.id, amountCents: 2000, method: "cash" }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});

describe("the studio cancels a session", () => {
  it("cancels every booking, returns every pack session (even inside the late window), closes the waitlist and mails the booked", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const plan = await makePlan(owner, PLANS.pack(3));
    const { session } = await makeSession(owner, {
      startsAt: new Date(T0.getTime() + 2 * 3600_000),
      capacity: 2,
      dropInPriceCents: null,
    });
    const people = await Promise.all([makeClient(owner, "One"), makeClient(owner, "Two"), makeClient(owner, "Three")]);
    const packs = [];
    for (const p of people) packs.push((await assignMembership(owner, { planId: plan.id, clientId: p.id })).membership);
    await bookSession(owner, { sessionId: session.id, clientId: people[0]!.id });
    await bookSession(owner, { sessionId: session.id, clientId: people[1]!.id });
    await joinWaitlist(owner, { sessionId: session.id, clientId: people[2]!.id });
    const result = await cancelSession(owner, session.id, { reason: "Teacher ill" });
    expect(result).toMatchObject({ bookingsCancelled: 2, sessionsReturned: 2 });
    for (const m of packs) expect((await loadMembership(owner, m.id)).sessionsRemaining).toBe(3);
    const [row] = await owner.db.select().from(classSessions).where(eq(classSessions.id, session.id));
    expect(row).toMatchObject({ bookedCount: 0 });
    expect(row!.cancelledAt).not.toBeNull();
    const open = await owner.db.select().from(waitlistEntries).where(eq(waitlistEntries.sessionId, session.id));
    expect(open.every((w) => w.leftAt !== null)).toBe(true);
    const mails = await owner.db
      .select()
      .from(messages)
      .where(and(eq(messages.studioId, s.studio.id), eq(messages.kind, "session_cancelled")));
    expect(mails).toHaveLength(2);
    expect(await mailText(mails[0])).toContain("Teacher ill");
    await expect(cancelSession(owner, session.id)).rejects.toMatchObject({ code: "session_cancelled" });
    await expect(bookSession(owner, { sessionId: session.id, clientId: people[2]!.id })).rejects.toMatchObject({
      code: "session_cancelled",
    });
  });

  it("booking and cancelling mail the client, once each", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const client = await makeClient(owner, "Mailed");
    const { session } = await makeSession(owner, { startsAt: inDays(2) });
    const booked = await bookSession(owner, { sessionId: session.id, clientId: client.id });
    await cancelBooking(owner, booked.booking.id);
    const kinds = (
      await owner.db
        .select()
        .from(messages)
        .where(and(eq(messages.studioId, s.studio.id), eq(messages.clientId, client.id)))
    ).map((m) => m.kind);
    expect(kinds.sort()).toEqual(["booking_cancelled", "booking_confirmed"]);
  });
});

describe("a visitor's quick booking", () => {
  it("is a drop-in with a payment due and never spends the pack of the client whose email it names", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const plan = await makePlan(owner, PLANS.pack(3));
    const client = await makeClient(owner, "Holder");
    const { membership } = await assignMembership(owner, { planId: plan.id, clientId: client.id });
    const dropIn = await makeSession(owner, { startsAt: inDays(1), dropInPriceCents: 1500 });
    const system = await s.system(T0);
    const booked = await bookSession(
      system,
      { sessionId: dropIn.session.id, email: client.email!, name: "Someone" },
      { guest: true },
    );
    expect(booked).toMatchObject({ membershipId: null, sessionsRemaining: null });
    expect(booked.booking.clientId).toBe(client.id); // C1: the same person, found by email
    expect((await loadMembership(owner, membership.id)).sessionsRemaining).toBe(3);
    const packOnly = await makeSession(owner, { startsAt: inDays(1), dropInPriceCents: null });
    await expect(
      bookSession(system, { sessionId: packOnly.session.id, email: "new@example.test", name: "New" }, { guest: true }),
    ).rejects.toMatchObject({
      code: "membership_required",
    });
  });
});
