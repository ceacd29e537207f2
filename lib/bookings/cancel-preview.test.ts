import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { bookings, membershipLedger } from "@/db/schema";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { updateStudioSettings } from "@/lib/studios/settings";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { bookSession } from "./book-session";
import { canBook } from "./can-book";
import { cancelBooking, cancelPreview } from "./cancel-booking";

const T0 = new Date("2026-05-04T08:00:00Z");
const inHours = (h: number) => new Date(T0.getTime() + h * 3600_000);

async function setup() {
  const s = await makeStudio();
  const owner = await s.owner(T0);
  const client = await makeClient(owner, "Cara Cancel");
  const plan = await makePlan(owner, PLANS.pack(4, 60));
  const { membership: pack } = await assignMembership(owner, { planId: plan.id, clientId: client.id });
  const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id }, T0);
  return { s, owner, client, plan, pack, member };
}

describe("what a member is told before confirming (O4)", () => {
  it("O4, B7: cancelPreview says the session comes back, and inside the late-cancel window that it does not, as cancelBooking then does; it writes nothing", async () => {
    const { owner, member } = await setup();
    const studio = await updateStudioSettings(owner, { lateCancelHours: 12 });
    const m = { ...member, studio };
    const far = await makeSession(owner, { startsAt: inHours(48) });
    const soon = await makeSession(owner, { startsAt: inHours(6) });
    const a = await bookSession(m, { sessionId: far.session.id });
    const b = await bookSession(m, { sessionId: soon.session.id });

    const ledgerBefore = await owner.db.select().from(membershipLedger);
    expect(await cancelPreview(m, a.booking.id)).toEqual({
      sessionTaken: true,
      sessionReturned: true,
      keptBecause: null,
      dropIn: false,
      lateCancelHours: 12,
      lateFeeCents: null,
    });
    expect(await cancelPreview(m, b.booking.id)).toMatchObject({ sessionReturned: false, keptBecause: "late_cancel" });
    expect(await owner.db.select().from(membershipLedger)).toHaveLength(ledgerBefore.length);
    const [still] = await owner.db.select().from(bookings).where(eq(bookings.id, b.booking.id));
    expect(still!.status).toBe("booked");

    // The cancel then does what the preview said.
    expect((await cancelBooking(m, a.booking.id)).sessionReturned).toBe(true);
    expect((await cancelBooking(m, b.booking.id)).sessionReturned).toBe(false);
    await expect(cancelPreview(m, a.booking.id)).rejects.toMatchObject({ code: "booking_not_active" });
  });

  it("O4, S6: with a newer pack bought and the setting on, the preview says the older pack's session is not returned", async () => {
    const { owner, member, plan, client } = await setup();
    const studio = await updateStudioSettings(owner, { noRestoreAfterNewPass: true });
    const staff = { ...owner, studio };
    const { session } = await makeSession(staff, { startsAt: inHours(96) });
    const booked = await bookSession({ ...member, studio }, { sessionId: session.id });
    await assignMembership({ ...staff, now: inHours(1) }, { planId: plan.id, clientId: client.id });
    const later = { ...member, studio, now: inHours(2) };
    expect(await cancelPreview(later, booked.booking.id)).toMatchObject({
      sessionReturned: false,
      keptBecause: "newer_pack",
    });
    expect((await cancelBooking(later, booked.booking.id)).sessionReturned).toBe(false);
  });

  it("O4: a drop-in says so; another client's booking is not found", async () => {
    const { s, owner } = await setup();
    const walker = await makeClient(owner, "Dee Dropin");
    const { session } = await makeSession(owner, { startsAt: inHours(30), dropInPriceCents: 4000 });
    const dee = await s.ctx({ kind: "member", userId: s.ownerId, clientId: walker.id }, T0);
    const booked = await bookSession(dee, { sessionId: session.id });
    expect(await cancelPreview(dee, booked.booking.id)).toMatchObject({
      sessionTaken: false,
      sessionReturned: false,
      dropIn: true,
    });
    const other = await makeClient(owner, "Nosy");
    const nosy = await s.ctx({ kind: "member", userId: s.ownerId, clientId: other.id }, T0);
    await expect(cancelPreview(nosy, booked.booking.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(cancelPreview(await (await makeStudio()).owner(T0), booked.booking.id)).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("O4, B4: for a full session, canBook (whenPlaceFrees) says what a promotion would cost: the pack, or a drop-in due (never paid by card then)", async () => {
    const { s, owner, member, pack } = await setup();
    const { session } = await makeSession(owner, { startsAt: inHours(30), capacity: 1, dropInPriceCents: 3000 });
    const filler = await makeClient(owner, "First In");
    await bookSession(owner, { sessionId: session.id, clientId: filler.id });
    await expect(canBook(member, { sessionId: session.id })).rejects.toMatchObject({ code: "class_full" });
    expect(await canBook(member, { sessionId: session.id }, { whenPlaceFrees: true })).toMatchObject({
      membershipId: pack.id,
      sessionTaken: true,
    });
    const noPack = await makeClient(owner, "No Pack");
    const np = await s.ctx({ kind: "member", userId: s.ownerId, clientId: noPack.id }, T0);
    expect(await canBook(np, { sessionId: session.id }, { whenPlaceFrees: true })).toMatchObject({
      membershipId: null,
      priceCents: 3000,
      payNow: false,
    });
  });
});
