import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { classSessions, type Studio } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { updateStudioSettings, type UpdateStudioSettingsInput } from "@/lib/studios/settings";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, type TestStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { bookSession } from "./book-session";
import { bookingWindow, formatOpening } from "./book-session/booking-window";
import { canBook } from "./can-book";
import { cancelBooking } from "./cancel-booking";
import { joinWaitlist } from "./waitlist";
import { requestGuestBooking } from "./guest-booking";

const T0 = new Date("2026-06-01T08:00:00Z");
const at = (iso: string) => new Date(iso);
const MIN = 60_000;

/** The studio with the window set, and ctx builders that see it. */
async function studioWithWindow(settings: UpdateStudioSettingsInput, timezone?: string) {
  const s = await makeStudio(timezone ? { timezone } : {});
  const studio = await updateStudioSettings(await s.owner(T0), settings);
  const as = async (c: Promise<Ctx>): Promise<Ctx> => ({ ...(await c), studio });
  return { s, studio, owner: (now: Date) => as(s.owner(now)), member: memberOf(s, studio) };
}

function memberOf(s: TestStudio, studio: Studio) {
  return async (clientId: string, now: Date): Promise<Ctx> => ({
    ...(await s.ctx({ kind: "member", userId: s.ownerId, clientId }, now)),
    studio,
  });
}

describe("B8: booking windows", () => {
  it("B8: a member books only inside the window: booking_not_open before it opens, booking_closed after it closes", async () => {
    const { owner, member } = await studioWithWindow({ bookingOpensDaysBefore: 7, bookingClosesMinutesBefore: 60 });
    const o = await owner(T0);
    const client = await makeClient(o, "Early");
    // Wednesday 10 June 2026, 18:00 in Warsaw (16:00Z).
    const { session } = await makeSession(o, { startsAt: at("2026-06-10T16:00:00Z"), dropInPriceCents: 0 });

    const early = await member(client.id, at("2026-06-03T15:59:00Z"));
    await expect(bookSession(early, { sessionId: session.id })).rejects.toMatchObject({
      code: "booking_not_open",
      message: "Booking opens Wed 3 Jun, 18:00.",
    });
    await expect(canBook(early, { sessionId: session.id })).rejects.toMatchObject({ code: "booking_not_open" });

    const late = await member(client.id, new Date(session.startsAt.getTime() - 60 * MIN));
    await expect(bookSession(late, { sessionId: session.id })).rejects.toMatchObject({ code: "booking_closed" });

    const [row] = await o.db.select().from(classSessions).where(eq(classSessions.id, session.id));
    expect(row!.bookedCount).toBe(0);

    const opened = await member(client.id, at("2026-06-03T16:00:00Z"));
    await expect(canBook(opened, { sessionId: session.id })).resolves.toMatchObject({ priceCents: 0 });
    await expect(bookSession(opened, { sessionId: session.id })).resolves.toMatchObject({ membershipId: null });
  });

  it("B8: staff are not limited, also when booking a client by id or email before the window opens or after it closes", async () => {
    const { owner } = await studioWithWindow({ bookingOpensDaysBefore: 2, bookingClosesMinutesBefore: 30 });
    const o = await owner(T0);
    const client = await makeClient(o, "Desk");
    const { session } = await makeSession(o, { startsAt: at("2026-06-20T16:00:00Z"), dropInPriceCents: 1000 });
    await expect(bookSession(o, { sessionId: session.id, clientId: client.id })).resolves.toBeTruthy();
    const lateDesk = await owner(new Date(session.startsAt.getTime() - 5 * MIN));
    await expect(
      bookSession(lateDesk, { sessionId: session.id, email: "walkin@example.test", name: "Walk In" }),
    ).resolves.toBeTruthy();
    // An API key or staff recording the booking as the member's own ("by: member") is bound like the member.
    const other = await makeClient(o, "Api");
    await expect(bookSession(o, { sessionId: session.id, clientId: other.id, by: "member" })).rejects.toMatchObject({
      code: "booking_not_open",
    });
  });

  it("B8: a plan may open booking earlier (and close it later) for a client holding it, only where it could pay", async () => {
    const { owner, member } = await studioWithWindow({ bookingOpensDaysBefore: 3, bookingClosesMinutesBefore: 120 });
    const o = await owner(T0);
    const vip = await makePlan(
      o,
      PLANS.monthly({ name: "VIP", bookingOpensDaysBefore: 14, bookingClosesMinutesBefore: 0 }),
    );
    const narrow = await makePlan(o, PLANS.pack(5, 60, { name: "Narrow", bookingOpensDaysBefore: 1 }));
    const [holder, packHolder, nobody] = await Promise.all([
      makeClient(o, "Holder"),
      makeClient(o, "Packer"),
      makeClient(o, "Nobody"),
    ]);
    await assignMembership(o, { planId: vip.id, clientId: holder.id });
    await assignMembership(o, { planId: narrow.id, clientId: packHolder.id });
    const { session } = await makeSession(o, { startsAt: at("2026-06-12T16:00:00Z"), dropInPriceCents: 1500 });
    const tenDaysBefore = at("2026-06-02T16:00:00Z");

    await expect(bookSession(await member(holder.id, tenDaysBefore), { sessionId: session.id })).resolves.toMatchObject(
      { membershipId: expect.any(String) },
    );
    // A plan value narrower than the studio's is ignored: the studio's 3 days still apply, not 1.
    await expect(
      bookSession(await member(packHolder.id, tenDaysBefore), { sessionId: session.id }),
    ).rejects.toMatchObject({ code: "booking_not_open" });
    await expect(
      canBook(await member(packHolder.id, at("2026-06-10T16:00:00Z")), { sessionId: session.id }),
    ).resolves.toBeTruthy();
    await expect(bookSession(await member(nobody.id, tenDaysBefore), { sessionId: session.id })).rejects.toMatchObject({
      code: "booking_not_open",
    });

    // Closing: the studio closes 2 h before; VIP closes at the start.
    const { session: soon } = await makeSession(o, { startsAt: at("2026-06-05T16:00:00Z"), dropInPriceCents: 1500 });
    const hourBefore = new Date(soon.startsAt.getTime() - 60 * MIN);
    await expect(bookSession(await member(nobody.id, hourBefore), { sessionId: soon.id })).rejects.toMatchObject({
      code: "booking_closed",
    });
    await expect(bookSession(await member(holder.id, hourBefore), { sessionId: soon.id })).resolves.toBeTruthy();

    // Only a plan that could pay for the session counts: VIP has no member-only access.
    const { session: membersOnly } = await makeSession(o, {
      startsAt: at("2026-06-12T18:00:00Z"),
      memberOnly: true,
    });
    await expect(
      bookSession(await member(holder.id, tenDaysBefore), { sessionId: membersOnly.id }),
    ).rejects.toMatchObject({ code: "booking_not_open" });
  });

  it("B8: the window is measured in studio days across a DST change (Europe/Warsaw, clocks forward on 29 March 2026)", async () => {
    const { studio, owner, member } = await studioWithWindow({ bookingOpensDaysBefore: 7 }, "Europe/Warsaw");
    const o = await owner(T0);
    const client = await makeClient(o, "Spring");
    // Monday 30 March 2026, 09:00 CEST (07:00Z): just after the clocks went forward.
    const { session } = await makeSession(o, { startsAt: at("2026-03-30T07:00:00Z"), dropInPriceCents: 0 });
    // Opens Monday 23 March 09:00 CET = 08:00Z, one hour later than 7 × 24 h before (07:00Z).
    expect(bookingWindow(studio, session).opensAt).toEqual(at("2026-03-23T08:00:00Z"));
    expect(formatOpening(at("2026-03-23T08:00:00Z"), "Europe/Warsaw")).toBe("Mon 23 Mar, 09:00");

    const after168h = await member(client.id, at("2026-03-23T07:30:00Z")); // 08:30 in Warsaw
    await expect(bookSession(after168h, { sessionId: session.id })).rejects.toMatchObject({
      code: "booking_not_open",
      message: "Booking opens Mon 23 Mar, 09:00.",
    });
    await expect(
      bookSession(await member(client.id, at("2026-03-23T08:00:00Z")), { sessionId: session.id }),
    ).resolves.toBeTruthy();

    // And back in autumn (clocks back on 25 October 2026): a 09:00 CET class on the 26th opens 09:00 CEST on the 19th.
    const { session: autumn } = await makeSession(o, { startsAt: at("2026-10-26T08:00:00Z"), dropInPriceCents: 0 });
    expect(bookingWindow(studio, autumn).opensAt).toEqual(at("2026-10-19T07:00:00Z"));
  });

  it("B8: a waitlist promotion (the system, B4) is not bound by the window: a place freed after booking closed still goes to the queue", async () => {
    const { owner, member } = await studioWithWindow({ bookingClosesMinutesBefore: 120 });
    const o = await owner(T0);
    const { session } = await makeSession(o, {
      startsAt: at("2026-06-05T16:00:00Z"),
      capacity: 1,
      dropInPriceCents: 0,
    });
    const [first, waiter] = await Promise.all([makeClient(o, "First"), makeClient(o, "Waiter")]);
    const placed = await bookSession(await member(first.id, T0), { sessionId: session.id });
    await joinWaitlist(await member(waiter.id, T0), { sessionId: session.id });
    const hourBefore = new Date(session.startsAt.getTime() - 60 * MIN);
    await expect(bookSession(await member(waiter.id, hourBefore), { sessionId: session.id })).rejects.toMatchObject({
      code: "booking_closed",
    });
    const r = await cancelBooking(await owner(hourBefore), placed.booking.id);
    expect(r.promoted.map((p) => p.clientId)).toEqual([waiter.id]);
  });

  it("B8: a guest's quick booking is refused outside the studio's window, before anything is mailed", async () => {
    const { owner, s } = await studioWithWindow({ bookingOpensDaysBefore: 1 });
    const o = await owner(T0);
    const { session } = await makeSession(o, { startsAt: at("2026-06-10T16:00:00Z") });
    const visitor = { ...(await s.system(T0)), studio: o.studio };
    await expect(
      requestGuestBooking(
        visitor,
        { sessionId: session.id, email: "guest@example.test", name: "Guest" },
        { origin: "http://roster.test" },
      ),
    ).rejects.toMatchObject({ code: "booking_not_open" });
  });

  it("B8: the settings refuse out-of-range values and keep null as no limit", async () => {
    const s = await makeStudio();
    const o = await s.owner(T0);
    await expect(updateStudioSettings(o, { bookingOpensDaysBefore: -1 })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(updateStudioSettings(o, { bookingClosesMinutesBefore: 1.5 })).rejects.toMatchObject({
      code: "invalid_input",
    });
    const studio = await updateStudioSettings(o, { bookingOpensDaysBefore: null, bookingClosesMinutesBefore: 15 });
    expect(studio.settings).toMatchObject({ bookingOpensDaysBefore: null, bookingClosesMinutesBefore: 15 });
    const instructor = await s.instructor(T0);
    await expect(updateStudioSettings(instructor, { bookingOpensDaysBefore: 3 })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
