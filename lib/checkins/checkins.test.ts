import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { bookings, classSessions, memberships, payments } from "@/db/schema";
import { bookSession } from "@/lib/bookings/book-session";
import { getClientCard } from "@/lib/cards/get-card";
import { ForbiddenError, NotFoundError, RuleError } from "@/lib/core/errors";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { suspendMembership } from "@/lib/memberships/change-membership";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, type TestStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { checkIn } from "./check-in";
import { findDeskClients, getCheckInDesk } from "./desk";

// Europe/Warsaw: 10:00 local on Monday 2 March 2026.
const NOW = new Date("2026-03-02T09:00:00Z");
const at = (iso: string) => new Date(iso);
const TODAY_EVENING = at("2026-03-02T17:00:00Z"); // 18:00 local
const TOMORROW = at("2026-03-03T17:00:00Z");

async function rule(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(RuleError);
  return (e as RuleError).code;
}

async function bookingsOf(s: TestStudio, clientId: string) {
  const ctx = await s.owner(NOW);
  return ctx.db
    .select()
    .from(bookings)
    .where(and(eq(bookings.studioId, s.studio.id), eq(bookings.clientId, clientId)));
}

async function packOf(s: TestStudio, id: string) {
  const ctx = await s.owner(NOW);
  const [m] = await ctx.db.select().from(memberships).where(eq(memberships.id, id));
  return m!;
}

describe("check-in at the front desk", () => {
  it("O2: checking in a booked member marks the booking present and nothing else; a second check-in changes nothing", async () => {
    const s = await makeStudio();
    const owner = await s.owner(NOW);
    const client = await makeClient(owner, "Ada Booked");
    const { membership: pack } = await assignMembership(owner, {
      planId: (await makePlan(owner, PLANS.pack(5))).id,
      clientId: client.id,
    });
    const { session } = await makeSession(owner, { startsAt: TODAY_EVENING });
    const { booking } = await bookSession(owner, { sessionId: session.id, clientId: client.id });
    expect((await packOf(s, pack.id)).sessionsRemaining).toBe(4);

    const desk = await s.staffAs("front_desk", NOW);
    const r = await checkIn(desk, { clientId: client.id, sessionId: session.id });
    expect(r.booked).toBe(false);
    expect(r.booking).toMatchObject({ id: booking.id, present: true, status: "booked", membershipId: pack.id });
    expect(r.client).toEqual({ id: client.id, name: "Ada Booked", email: client.email });
    expect(r.memberships).toEqual([
      expect.objectContaining({ id: pack.id, canPay: true, standing: "active", sessionsRemaining: 4 }),
    ]);
    // Without a session named: their booked session today. Twice is the same booking, still one session spent.
    const again = await checkIn(desk, { clientId: client.id });
    expect(again.booking).toMatchObject({ id: booking.id, present: true });
    expect(await bookingsOf(s, client.id)).toHaveLength(1);
    expect((await packOf(s, pack.id)).sessionsRemaining).toBe(4);
    const [row] = await owner.db.select().from(classSessions).where(eq(classSessions.id, session.id));
    expect(row!.bookedCount).toBe(1);
  });

  it("O2, S4: a walk-in with a pack is booked through the booking verb (a session taken) and checked in, by card", async () => {
    const s = await makeStudio();
    const owner = await s.owner(NOW);
    const client = await makeClient(owner, "Walk In");
    const { membership: pack } = await assignMembership(owner, {
      planId: (await makePlan(owner, PLANS.pack(3))).id,
      clientId: client.id,
    });
    const { session } = await makeSession(owner, { startsAt: TODAY_EVENING });
    const { token } = await getClientCard(owner, client.id);

    const r = await checkIn(await s.staffAs("front_desk", NOW), {
      cardToken: `roster-card:${token}`,
      sessionId: session.id,
    });
    expect(r.booked).toBe(true);
    expect(r.booking).toMatchObject({
      sessionId: session.id,
      clientId: client.id,
      present: true,
      membershipId: pack.id,
      sessionTaken: true,
      bookedBy: "staff",
    });
    expect((await packOf(s, pack.id)).sessionsRemaining).toBe(2);
    expect(r.memberships[0]).toMatchObject({ id: pack.id, sessionsRemaining: 2, canPay: true });
  });

  it("O2, P0: a walk-in without a membership is a drop-in with its price due, checked in", async () => {
    const s = await makeStudio();
    const owner = await s.owner(NOW);
    const client = await makeClient(owner, "No Pack");
    const { session } = await makeSession(owner, { startsAt: TODAY_EVENING, dropInPriceCents: 4000 });
    const desk = await s.staffAs("front_desk", NOW);

    const view = await getCheckInDesk(desk, { clientId: client.id });
    expect(view.sessions).toHaveLength(1);
    expect(view.sessions[0]!.walkIn).toMatchObject({ ok: true, membershipId: null, priceCents: 4000 });

    const r = await checkIn(desk, { clientId: client.id, sessionId: session.id });
    expect(r.booking).toMatchObject({ present: true, membershipId: null });
    const due = await owner.db.select().from(payments).where(eq(payments.bookingId, r.booking.id));
    expect(due).toEqual([expect.objectContaining({ amountCents: 4000, status: "due" })]);
  });

  it("O2: a pack at 0, a suspended, a past-due and an expired membership are never shown as able to pay; the walk-in is refused and nothing is written", async () => {
    const s = await makeStudio();
    const owner = await s.owner(NOW);
    const client = await makeClient(owner, "Zero Left");
    const packPlan = await makePlan(owner, PLANS.pack(10));
    const { membership: empty } = await assignMembership(owner, {
      planId: packPlan.id,
      clientId: client.id,
      sessionsRemaining: 0,
    });
    const monthly = await makePlan(owner, PLANS.monthly());
    const { membership: frozen } = await assignMembership(owner, {
      planId: monthly.id,
      clientId: client.id,
      startsAt: at("2026-02-01T00:00:00Z"),
    });
    await suspendMembership(owner, frozen.id, {
      from: at("2026-03-01T00:00:00Z"),
      until: at("2026-03-10T00:00:00Z"),
      reason: "holiday",
    });
    const { membership: overdue } = await assignMembership(owner, { planId: monthly.id, clientId: client.id });
    await owner.db.update(memberships).set({ status: "past_due" }).where(eq(memberships.id, overdue.id));
    const { membership: old } = await assignMembership(await s.owner(at("2025-12-01T00:00:00Z")), {
      planId: (await makePlan(owner, PLANS.fixed(30))).id,
      clientId: client.id,
    });
    const { session } = await makeSession(owner, { startsAt: TODAY_EVENING, dropInPriceCents: 3000 });

    const desk = await s.staffAs("front_desk", NOW);
    const view = await getCheckInDesk(desk, { clientId: client.id });
    const standing = Object.fromEntries(view.memberships.map((m) => [m.id, [m.standing, m.canPay]]));
    expect(standing).toEqual({
      [empty.id]: ["no_sessions_left", false],
      [frozen.id]: ["suspended", false],
      [overdue.id]: ["past_due", false],
      [old.id]: ["expired", false],
    });
    expect(view.sessions[0]!.walkIn).toMatchObject({ ok: false, code: "no_sessions_left" });

    expect(await rule(checkIn(desk, { clientId: client.id, sessionId: session.id }))).toBe("no_sessions_left");
    expect(await bookingsOf(s, client.id)).toEqual([]);
    expect((await packOf(s, empty.id)).sessionsRemaining).toBe(0);
  });

  it("O2: only today's sessions in the studio's zone; a cancelled one refuses; with nothing booked today and no session named it says so", async () => {
    const s = await makeStudio();
    const owner = await s.owner(NOW);
    const client = await makeClient(owner, "Too Early");
    const { session: tomorrow } = await makeSession(owner, { startsAt: TOMORROW });
    // 23:30 local on 2 March is still today in Warsaw, though it is the 2nd in UTC too; 00:30 local on the 3rd is not.
    const { session: lateToday } = await makeSession(owner, { startsAt: at("2026-03-02T22:30:00Z") });
    const { session: pastMidnight } = await makeSession(owner, { startsAt: at("2026-03-02T23:30:00Z") });
    const { session: cancelled } = await makeSession(owner, { startsAt: TODAY_EVENING });
    await owner.db.update(classSessions).set({ cancelledAt: NOW }).where(eq(classSessions.id, cancelled.id));
    const desk = await s.staffAs("front_desk", NOW);

    expect(await rule(checkIn(desk, { clientId: client.id, sessionId: tomorrow.id }))).toBe("session_not_today");
    expect(await rule(checkIn(desk, { clientId: client.id, sessionId: pastMidnight.id }))).toBe("session_not_today");
    expect(await rule(checkIn(desk, { clientId: client.id, sessionId: cancelled.id }))).toBe("session_cancelled");
    expect(await rule(checkIn(desk, { clientId: client.id }))).toBe("not_booked_today");
    const view = await getCheckInDesk(desk, { clientId: client.id });
    expect(view.day).toBe("2026-03-02");
    expect(view.sessions.map((x) => x.session.id)).toEqual([lateToday.id]);
    expect(await bookingsOf(s, client.id)).toEqual([]);
  });

  it("O2, T2, T3: another studio's client, card or session is not found; a member cannot check in; an instructor only in the sessions they teach", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const ownerA = await a.owner(NOW);
    const client = await makeClient(ownerA, "Cross Studio");
    const { session } = await makeSession(ownerA, { startsAt: TODAY_EVENING });
    const { token } = await getClientCard(ownerA, client.id);
    const ownerB = await b.owner(NOW);
    const { session: sessionB } = await makeSession(ownerB, { startsAt: TODAY_EVENING });

    await expect(checkIn(ownerB, { clientId: client.id, sessionId: sessionB.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(checkIn(ownerB, { cardToken: token })).rejects.toBeInstanceOf(NotFoundError);
    await expect(checkIn(ownerA, { clientId: client.id, sessionId: sessionB.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(getCheckInDesk(ownerB, { clientId: client.id })).rejects.toBeInstanceOf(NotFoundError);
    const member = await a.ctx({ kind: "member", userId: randomUUID(), clientId: client.id }, NOW);
    await expect(checkIn(member, { clientId: client.id, sessionId: session.id })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(findDeskClients(member, "Cross")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      checkIn(await a.instructor(NOW), { clientId: client.id, sessionId: session.id }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await bookingsOf(a, client.id)).toEqual([]);
    expect((await findDeskClients(await a.staffAs("front_desk", NOW), "cross stu")).map((c) => c.id)).toEqual([
      client.id,
    ]);
    expect(await findDeskClients(ownerB, "Cross Studio")).toEqual([]);
  });

  it("O2: bad input is a clear error and nothing changes", async () => {
    const s = await makeStudio();
    const owner = await s.owner(NOW);
    const client = await makeClient(owner, "Bad Input");
    await expect(checkIn(owner, {})).rejects.toMatchObject({ code: "invalid_input" });
    await expect(checkIn(owner, { clientId: client.id, cardToken: "x" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(checkIn(owner, { clientId: "nope" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(checkIn(owner, { cardToken: "not a card" })).rejects.toBeInstanceOf(NotFoundError);
  });
});
