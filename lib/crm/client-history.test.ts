import { describe, expect, it } from "vitest";
import { bookSession } from "@/lib/bookings/book-session";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { markAttendance } from "@/lib/bookings/attendance";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { makeSession } from "@/test/support/booking-fixtures";
import { getClientStats } from "./client-stats";
import { historyStatus, listClientBookings } from "./client-history";

const T0 = new Date("2026-05-04T08:00:00Z");
const inDays = (n: number) => new Date(T0.getTime() + n * 86_400_000);

describe("client booking history", () => {
  it("B3: history runs oldest session first with status (attended once ended), who booked/cancelled, and what paid", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const client = await makeClient(owner, "Maja");
    const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id }, T0);

    // A drop-in before she had a membership: a payment due (P0).
    const s3 = await makeSession(owner, { startsAt: inDays(3), title: "Drop-in flow", dropInPriceCents: 3000 });
    await bookSession(owner, { sessionId: s3.session.id, clientId: client.id });

    const plan = await makePlan(owner, PLANS.pack(8, 60));
    const { membership } = await assignMembership(owner, { planId: plan.id, clientId: client.id });
    const s1 = await makeSession(owner, { startsAt: inDays(1), title: "Morning vinyasa" });
    const s2 = await makeSession(owner, { startsAt: inDays(2), title: "Pilates" });
    const s4 = await makeSession(owner, { startsAt: inDays(4), title: "Yin" });
    const s5 = await makeSession(owner, { startsAt: inDays(20), title: "Workshop" });
    await bookSession(member, { sessionId: s1.session.id });
    const noShow = await bookSession(owner, { sessionId: s2.session.id, clientId: client.id });
    await markAttendance(owner, noShow.booking.id, { status: "no_show" });
    const cancelled = await bookSession(owner, { sessionId: s4.session.id, clientId: client.id });
    await cancelBooking(member, cancelled.booking.id);
    await bookSession(owner, { sessionId: s5.session.id, clientId: client.id });

    const later = await s.owner(inDays(5));
    const history = await listClientBookings(later, client.id);
    expect(history.map((h) => [h.cls.title, h.status])).toEqual([
      ["Morning vinyasa", "attended"],
      ["Pilates", "no_show"],
      ["Drop-in flow", "attended"],
      ["Yin", "cancelled"],
      ["Workshop", "booked"],
    ]);
    const [first, , dropIn, yin, workshop] = history;
    expect(first).toMatchObject({
      bookedBy: { type: "member" },
      cancelled: null,
      membership: { id: membership.id, planName: plan.name, sessionTaken: true },
      payment: null,
      session: { startsAt: inDays(1) },
    });
    expect(dropIn).toMatchObject({
      bookedBy: { type: "staff", name: s.ownerEmail },
      membership: null,
      payment: { status: "due", amountCents: 3000, refundedCents: 0, currency: s.studio.currency },
    });
    expect(yin!.cancelled).toEqual({ by: "member", at: T0 });
    expect(workshop).toMatchObject({ status: "booked", membership: { id: membership.id } });

    // The same clock read through the stats: S8 active = the workshop only; last attended = the drop-in's start.
    const stats = await getClientStats(later, client.id);
    expect(stats).toMatchObject({ totalBookings: 4, activeBookings: 1, lastAttendedAt: inDays(3) });
  });

  it("B3: a booked session counts as attended only once it has ended", () => {
    const end = new Date("2026-05-04T10:00:00Z");
    expect(historyStatus("booked", end, new Date("2026-05-04T09:59:59Z"))).toBe("booked");
    expect(historyStatus("booked", end, end)).toBe("attended");
    expect(historyStatus("no_show", end, new Date("2026-06-01T00:00:00Z"))).toBe("no_show");
    expect(historyStatus("cancelled", end, new Date("2026-06-01T00:00:00Z"))).toBe("cancelled");
  });

  it("an empty history is empty; another studio's client is not found; members cannot read it", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const client = await makeClient(owner, "New");
    expect(await listClientBookings(owner, client.id)).toEqual([]);
    expect(await listClientBookings(await s.instructor(), client.id)).toEqual([]);
    const other = await makeStudio();
    await expect(listClientBookings(await other.owner(), client.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(listClientBookings(owner, "nope")).rejects.toMatchObject({ code: "not_found" });
    const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id });
    await expect(listClientBookings(member, client.id)).rejects.toMatchObject({ code: "forbidden" });
  });
});
