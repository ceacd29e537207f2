import { describe, expect, it } from "vitest";
import { bookSession } from "@/lib/bookings/book-session";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import type { Ctx } from "@/lib/core/ctx";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { updateStudioSettings } from "@/lib/studios/settings";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { bookingsAffectedByNewPack } from "./s6-warning";

const T0 = new Date("2026-05-04T08:00:00Z");
const inDays = (n: number) => new Date(T0.getTime() + n * 86_400_000);

/**
 * A member holding a pack of plan A (and a pack of plan B), with bookings of
 * every kind the warning must tell apart. `on` switches S6 before anything is booked.
 */
async function setup(on: boolean) {
  const s = await makeStudio();
  const plain = await s.owner(T0);
  const studio = on ? await updateStudioSettings(plain, { noRestoreAfterNewPass: true }) : plain.studio;
  const owner: Ctx = { ...plain, studio };
  const planA = await makePlan(owner, PLANS.pack(8, 60, { name: "Pack A", public: true }));
  const planB = await makePlan(owner, PLANS.pack(8, 60, { name: "Pack B", public: true }));
  const client = await makeClient(owner, "Maja");
  const other = await makeClient(owner, "Olek");
  const { membership: packA } = await assignMembership(owner, { planId: planA.id, clientId: client.id });
  const { membership: packB } = await assignMembership(owner, { planId: planB.id, clientId: client.id });
  const { membership: otherA } = await assignMembership(owner, { planId: planA.id, clientId: other.id });
  const member: Ctx = { ...(await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id }, T0)), studio };

  const book = async (title: string, day: number, opts: { membershipId?: string; clientId?: string } = {}) => {
    const { session } = await makeSession(owner, { startsAt: inDays(day), title });
    return (
      await bookSession(owner, {
        sessionId: session.id,
        clientId: opts.clientId ?? client.id,
        membershipId: opts.membershipId,
      })
    ).booking;
  };
  // Booked out of order, so the result's order must come from the query.
  const later = await book("Yin", 5, { membershipId: packA.id });
  const sooner = await book("Vinyasa", 3, { membershipId: packA.id });
  const started = await book("Early flow", 1, { membershipId: packA.id });
  const cancelled = await book("Cancelled one", 4, { membershipId: packA.id });
  await cancelBooking(owner, cancelled.id);
  await book("Other plan", 4, { membershipId: packB.id });
  await book("Someone else", 4, { membershipId: otherA.id, clientId: other.id });
  // Read the day after "Early flow" started.
  return { s, owner, member: { ...member, now: inDays(2) }, planA, planB, client, packA, later, sooner, started };
}

describe("S6 warning before buying a new pack", () => {
  it("S6: with the setting off, buying a new pack affects no booking", async () => {
    const { member, planA, planB } = await setup(false);
    expect(await bookingsAffectedByNewPack(member, planA.id)).toEqual([]);
    expect(await bookingsAffectedByNewPack(member, planB.id)).toEqual([]);
  });

  it("S6: with the setting on, lists exactly the member's future booked pack-paid bookings of that plan, by start", async () => {
    const { member, planA, later, sooner } = await setup(true);
    expect(await bookingsAffectedByNewPack(member, planA.id)).toEqual([
      { bookingId: sooner.id, classTitle: "Vinyasa", startsAt: inDays(3) },
      { bookingId: later.id, classTitle: "Yin", startsAt: inDays(5) },
    ]);
  });

  it("S6: a booking whose session has started is no longer affected; another plan lists only its own bookings", async () => {
    const { member, planA, planB, started } = await setup(true);
    const before = await bookingsAffectedByNewPack({ ...member, now: T0 }, planA.id);
    expect(before.map((b) => b.bookingId)).toContain(started.id);
    expect((await bookingsAffectedByNewPack(member, planA.id)).map((b) => b.bookingId)).not.toContain(started.id);
    expect((await bookingsAffectedByNewPack(member, planB.id)).map((b) => b.classTitle)).toEqual(["Other plan"]);
  });

  it("S6: a booking on a drop-in or an unlimited plan (no session taken) is not listed", async () => {
    const { owner, member, client } = await setup(true);
    const monthly = await makePlan(owner, PLANS.monthly({ public: true }));
    const { membership } = await assignMembership(owner, { planId: monthly.id, clientId: client.id });
    const { session } = await makeSession(owner, { startsAt: inDays(6), title: "Unlimited class" });
    await bookSession(owner, { sessionId: session.id, clientId: client.id, membershipId: membership.id });
    expect(await bookingsAffectedByNewPack(member, monthly.id)).toEqual([]);
  });

  it("S5, S6: the warning shown before a purchase names the bookings whose cancel then returns nothing", async () => {
    const s = await makeStudio();
    const owner: Ctx = {
      ...(await s.owner(T0)),
      studio: await updateStudioSettings(await s.owner(T0), { noRestoreAfterNewPass: true }),
    };
    const plan = await makePlan(owner, PLANS.pack(1, 60, { public: true }));
    const client = await makeClient(owner, "Ewa");
    const member: Ctx = {
      ...(await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id }, T0)),
      studio: owner.studio,
    };
    await assignMembership(member, { planId: plan.id, clientId: client.id, source: "purchase" });
    const { session } = await makeSession(owner, { startsAt: inDays(3), title: "Pilates" });
    const { booking } = await bookSession(member, { sessionId: session.id });

    const warned = await bookingsAffectedByNewPack(member, plan.id);
    expect(warned).toEqual([{ bookingId: booking.id, classTitle: "Pilates", startsAt: inDays(3) }]);
    const later = { ...member, now: inDays(1) };
    await assignMembership(later, { planId: plan.id, clientId: client.id, source: "purchase" });
    expect(await cancelBooking({ ...later, now: inDays(2) }, booking.id)).toMatchObject({ sessionReturned: false });
  });

  it("only a member may ask, and a plan id that is not an id is not found", async () => {
    const { owner, member, planA } = await setup(true);
    await expect(bookingsAffectedByNewPack(owner, planA.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(bookingsAffectedByNewPack(member, "nope")).rejects.toMatchObject({ code: "not_found" });
  });
});
