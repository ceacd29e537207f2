import { describe, expect, it } from "vitest";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { makeSession } from "@/test/support/booking-fixtures";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { bookSession } from "./book-session";
import { cancelBooking } from "./cancel-booking";
import { joinWaitlist } from "./waitlist";
import { countActiveBookings, isActiveBooking, listMyBookings, listMyWaitlist } from "./my-bookings";

const T0 = new Date("2026-05-04T08:00:00Z");
const inHours = (n: number) => new Date(T0.getTime() + n * 3_600_000);

async function setup() {
  const s = await makeStudio();
  const owner = await s.owner(T0);
  const plan = await makePlan(owner, PLANS.pack(8, 60));
  const client = await makeClient(owner, "Maja");
  await assignMembership(owner, { planId: plan.id, clientId: client.id });
  const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id }, T0);
  return { s, owner, plan, client, member };
}

describe("my bookings (S8)", () => {
  it("S8: a future booked session counts; a cancelled booking does not; a started session does not", async () => {
    const { s, owner, client, member } = await setup();
    const future = await makeSession(owner, { startsAt: inHours(48), title: "Future" });
    const cancelled = await makeSession(owner, { startsAt: inHours(72), title: "Cancelled" });
    const soon = await makeSession(owner, { startsAt: inHours(2), title: "Soon" });
    await bookSession(member, { sessionId: future.session.id });
    const c = await bookSession(member, { sessionId: cancelled.session.id });
    await cancelBooking(member, c.booking.id);
    await bookSession(member, { sessionId: soon.session.id });

    expect(await countActiveBookings(member, client.id, T0)).toBe(2);
    // Exactly at the start the session has started: no longer active.
    expect(await countActiveBookings(member, client.id, inHours(2))).toBe(1);
    // A millisecond before it starts it still is.
    expect(await countActiveBookings(member, client.id, new Date(inHours(2).getTime() - 1))).toBe(2);
    expect(await countActiveBookings(member, client.id, inHours(48))).toBe(0);

    const later = await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id }, inHours(3));
    const mine = await listMyBookings(later);
    expect(mine.map((b) => [b.cls.title, b.status])).toEqual([
      ["Soon", "booked"],
      ["Future", "booked"],
      ["Cancelled", "cancelled"],
    ]);
    // The pure twin agrees with the count at every instant.
    for (const at of [T0, inHours(2), inHours(3), inHours(48)]) {
      expect(mine.filter((b) => isActiveBooking(b, at)).length).toBe(await countActiveBookings(owner, client.id, at));
    }
  });

  it("S8: a no-show is not an active booking", () => {
    const session = { startsAt: inHours(5) };
    expect(isActiveBooking({ status: "booked", session }, T0)).toBe(true);
    expect(isActiveBooking({ status: "no_show", session }, T0)).toBe(false);
    expect(isActiveBooking({ status: "cancelled", session }, T0)).toBe(false);
  });

  it("S8: a member counts only their own bookings; another studio sees none of them", async () => {
    const { owner, plan, member } = await setup();
    const other = await makeClient(owner, "Other");
    await assignMembership(owner, { planId: plan.id, clientId: other.id });
    const { session } = await makeSession(owner, { startsAt: inHours(24) });
    await bookSession(owner, { sessionId: session.id, clientId: other.id });
    await expect(countActiveBookings(member, other.id, T0)).rejects.toMatchObject({ code: "not_found" });
    expect(await countActiveBookings(owner, other.id, T0)).toBe(1);
    expect(await listMyBookings(member)).toEqual([]);

    const elsewhere = await (await makeStudio()).owner(T0);
    expect(await countActiveBookings(elsewhere, other.id, T0)).toBe(0);
    await expect(listMyBookings(owner)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("B4: listMyWaitlist shows the member's waiting places only", async () => {
    const { owner, plan, member } = await setup();
    const { session } = await makeSession(owner, { startsAt: inHours(24), capacity: 1 });
    const first = await makeClient(owner, "First");
    await assignMembership(owner, { planId: plan.id, clientId: first.id });
    await bookSession(owner, { sessionId: session.id, clientId: first.id });
    expect(await listMyWaitlist(member)).toEqual([]);
    const entry = await joinWaitlist(member, { sessionId: session.id });
    expect(await listMyWaitlist(member)).toMatchObject([{ id: entry.id, sessionId: session.id }]);
  });
});
