import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { bookings } from "@/db/schema";
import { bookSession } from "@/lib/bookings/book-session";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { listMyBookings } from "@/lib/bookings/my-bookings";
import type { Ctx } from "@/lib/core/ctx";
import { NotFoundError } from "@/lib/core/errors";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { loadMembership } from "@/lib/memberships/get-membership";
import { listLedger } from "@/lib/memberships/ledger";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { addAdditionalUser } from "./add-additional-user";
import { addParticipant } from "./add-participant";
import { listPrimaryMemberships } from "./primary-memberships";
import { removeHouseholdMember } from "./remove-household-member";

const T0 = new Date("2026-05-04T08:00:00Z");
const inDays = (n: number) => new Date(T0.getTime() + n * 86_400_000);

/** A primary with an 8-session pack, a participant without email, an additional user, and a member ctx for each adult. */
async function household() {
  const s = await makeStudio();
  const owner = await s.owner(T0);
  const plan = await makePlan(owner, PLANS.pack(8, 60));
  const anna = await makeClient(owner, "Anna");
  const { membership: pack } = await assignMembership(owner, { planId: plan.id, clientId: anna.id });
  const kid = await addParticipant(owner, { primaryId: anna.id, name: "Kuba" });
  const partner = await addAdditionalUser(owner, { primaryId: anna.id, email: uniqueEmail("partner"), name: "Piotr" });
  const asAnna = await s.ctx({ kind: "member", userId: s.ownerId, clientId: anna.id }, T0);
  const asPartner = await s.ctx({ kind: "member", userId: s.ownerId, clientId: partner.id }, T0);
  return { s, owner, plan, anna, pack, kid, partner, asAnna, asPartner };
}

async function bookingLedger(ctx: Ctx, membershipId: string, bookingId: string) {
  return (await listLedger(ctx, membershipId))
    .filter((r) => r.bookingId === bookingId)
    .map((r) => [r.reason, r.delta, r.balanceAfter]);
}

describe("household bookings (H1, S1, S4)", () => {
  it("H1: a participant booked by the primary pays from the primary's pack (ledger row); cancelling returns it", async () => {
    const { owner, anna, pack, kid, asAnna } = await household();
    const { session } = await makeSession(owner, { startsAt: inDays(7), dropInPriceCents: null });

    const booked = await bookSession(asAnna, { sessionId: session.id, clientId: kid.id });
    expect(booked.booking.clientId).toBe(kid.id);
    expect(booked.membershipId).toBe(pack.id);
    expect(booked.sessionsRemaining).toBe(7);
    expect(booked.booking.sessionTaken).toBe(true);
    expect(booked.booking.bookedBy).toBe("member");
    expect(await bookingLedger(owner, pack.id, booked.booking.id)).toEqual([["booked_by_member", -1, 7]]);
    // The primary can still book itself into the same session: one place each.
    const own = await bookSession(asAnna, { sessionId: session.id });
    expect(own.booking.clientId).toBe(anna.id);
    expect(own.sessionsRemaining).toBe(6);

    const cancelled = await cancelBooking(asAnna, booked.booking.id);
    expect(cancelled.sessionReturned).toBe(true);
    expect(cancelled.sessionsRemaining).toBe(7);
    expect(await bookingLedger(owner, pack.id, booked.booking.id)).toEqual([
      ["booked_by_member", -1, 7],
      ["cancelled_by_member", 1, 7],
    ]);
    expect((await loadMembership(owner, pack.id)).sessionsRemaining).toBe(7);
  });

  it("H1: staff booking a participant from the dashboard also pay from the primary's pack", async () => {
    const { s, owner, pack, kid } = await household();
    const { session } = await makeSession(owner, { startsAt: inDays(3), dropInPriceCents: null });
    const instructor = await s.staffAs("front_desk", T0);
    const booked = await bookSession(instructor, { sessionId: session.id, clientId: kid.id });
    expect(booked.membershipId).toBe(pack.id);
    expect(await bookingLedger(owner, pack.id, booked.booking.id)).toEqual([["booked_by_staff", -1, 7]]);
    const back = await cancelBooking(owner, booked.booking.id);
    expect(back.sessionReturned).toBe(true);
    expect((await loadMembership(owner, pack.id)).sessionsRemaining).toBe(8);
  });

  it("H1, S4: a participant's own covering membership pays before the primary's pack", async () => {
    const { owner, pack, kid, asAnna } = await household();
    const monthly = await makePlan(owner, PLANS.monthly());
    const { membership: kidsMonthly } = await assignMembership(owner, { planId: monthly.id, clientId: kid.id });
    const { session } = await makeSession(owner, { startsAt: inDays(2) });
    const booked = await bookSession(asAnna, { sessionId: session.id, clientId: kid.id });
    expect(booked.membershipId).toBe(kidsMonthly.id);
    expect((await loadMembership(owner, pack.id)).sessionsRemaining).toBe(8);
  });

  it("H1: an additional user books itself or a participant with the primary's pack, and sees the primary's memberships", async () => {
    const { owner, pack, kid, partner, asPartner, asAnna } = await household();
    const a = await makeSession(owner, { startsAt: inDays(4), dropInPriceCents: null, title: "Pilates" });
    const b = await makeSession(owner, { startsAt: inDays(5), dropInPriceCents: null, title: "Yoga" });
    const self = await bookSession(asPartner, { sessionId: a.session.id });
    expect(self.booking.clientId).toBe(partner.id);
    expect(self.membershipId).toBe(pack.id);
    const forKid = await bookSession(asPartner, { sessionId: b.session.id, clientId: kid.id });
    expect(forKid.membershipId).toBe(pack.id);
    expect((await loadMembership(owner, pack.id)).sessionsRemaining).toBe(6);

    const seen = await listPrimaryMemberships(asPartner);
    expect(seen?.primaryName).toBe("Anna");
    expect(seen?.memberships.map((m) => [m.membership.id, m.membership.sessionsRemaining])).toEqual([[pack.id, 6]]);
    // The primary itself gets null here (it sees its own memberships anyway).
    expect(await listPrimaryMemberships(asAnna)).toBeNull();

    // My bookings: the household's bookings, labelled with who attends; the primary may cancel the participant's.
    const mine = await listMyBookings(asAnna);
    expect(mine.map((m) => [m.cls.title, m.attendee.name, m.attendee.relation, m.attendee.canManage])).toEqual([
      ["Pilates", "Piotr", "additional_user", false],
      ["Yoga", "Kuba", "participant", true],
    ]);
    await cancelBooking(asAnna, forKid.booking.id);
    // An additional user's own booking is its own to cancel, not the primary's.
    await expect(cancelBooking(asAnna, self.booking.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("H1: a member cannot book or cancel for someone outside its household, nor a participant for anyone else", async () => {
    const { s, owner, anna, kid, asAnna } = await household();
    const stranger = await makeClient(owner, "Stranger");
    const { session } = await makeSession(owner, { startsAt: inDays(2) });
    await expect(bookSession(asAnna, { sessionId: session.id, clientId: stranger.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const strangers = await bookSession(owner, { sessionId: session.id, clientId: stranger.id });
    await expect(cancelBooking(asAnna, strangers.booking.id)).rejects.toBeInstanceOf(NotFoundError);

    const asKid = await s.ctx({ kind: "member", userId: s.ownerId, clientId: kid.id }, T0);
    await expect(bookSession(asKid, { sessionId: session.id, clientId: anna.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    // The participant sees only its own bookings.
    await bookSession(asAnna, { sessionId: session.id });
    expect(await listMyBookings(asKid)).toEqual([]);
    const live = await owner.db
      .select({ id: bookings.id })
      .from(bookings)
      .where(
        and(eq(bookings.studioId, owner.studio.id), eq(bookings.sessionId, session.id), eq(bookings.status, "booked")),
      );
    expect(live).toHaveLength(2);
  });

  it("H1: once unlinked, the former participant no longer pays from the primary's pack", async () => {
    const { owner, kid, asAnna } = await household();
    await removeHouseholdMember(owner, { clientId: kid.id });
    const { session } = await makeSession(owner, { startsAt: inDays(2), dropInPriceCents: null });
    await expect(bookSession(owner, { sessionId: session.id, clientId: kid.id })).rejects.toMatchObject({
      code: "membership_required",
    });
    await expect(bookSession(asAnna, { sessionId: session.id, clientId: kid.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
