import { describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { payments } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { RuleError } from "@/lib/core/errors";
import { addParticipant } from "@/lib/households/add-participant";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { loadMembership } from "@/lib/memberships/get-membership";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import type { BookingResult } from "./book-session";
import { bookHousehold, previewHouseholdBooking, type HouseholdPreview } from "./household-booking";

const T0 = new Date("2026-05-04T08:00:00Z");
const LATER = new Date("2026-05-11T08:00:00Z");

/** A primary (Anna) with two participants, and Anna's member ctx; with a pack of `pack` sessions, or none. */
async function household(pack: number | null) {
  const s = await makeStudio();
  const owner = await s.owner(T0);
  const anna = await makeClient(owner, "Anna");
  const plan = pack === null ? null : await makePlan(owner, PLANS.pack(pack, 60));
  const membership = plan ? (await assignMembership(owner, { planId: plan.id, clientId: anna.id })).membership : null;
  const kuba = await addParticipant(owner, { primaryId: anna.id, name: "Kuba" });
  const ola = await addParticipant(owner, { primaryId: anna.id, name: "Ola" });
  const asAnna = await s.ctx({ kind: "member", userId: s.ownerId, clientId: anna.id }, T0);
  return { owner, anna, kuba, ola, asAnna, membership };
}

/** What each booking actually charged: the membership, the sessions left on it, and a drop-in's payment due. */
async function charged(ctx: Ctx, results: BookingResult[]) {
  const due = await ctx.db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.studioId, ctx.studio.id),
        inArray(
          payments.bookingId,
          results.map((r) => r.booking.id),
        ),
      ),
    );
  return results.map((r) => ({
    clientId: r.booking.clientId,
    membershipId: r.membershipId,
    sessionsLeft: r.sessionsRemaining,
    priceCents: r.membershipId ? null : (due.find((p) => p.bookingId === r.booking.id)?.amountCents ?? 0),
  }));
}

function previewed(p: HouseholdPreview) {
  return p.people.map((x) =>
    x.ok
      ? { clientId: x.clientId, membershipId: x.membershipId, sessionsLeft: x.sessionsLeft, priceCents: x.priceCents }
      : { clientId: x.clientId, refused: x.code },
  );
}

describe("household booking preview (O4, S4, H1)", () => {
  it("O4: the preview for each person is what bookHousehold charges: one pack pays for two, counting down", async () => {
    const { owner, anna, kuba, asAnna, membership } = await household(2);
    const { session } = await makeSession(owner, { startsAt: LATER, dropInPriceCents: 2500 });
    const input = { sessionId: session.id, clientIds: [anna.id, kuba.id] };

    const preview = await previewHouseholdBooking(asAnna, input);
    expect(previewed(preview)).toEqual([
      { clientId: anna.id, membershipId: membership!.id, sessionsLeft: 1, priceCents: null },
      { clientId: kuba.id, membershipId: membership!.id, sessionsLeft: 0, priceCents: null },
    ]);
    expect(preview.people.every((p) => p.ok && p.planName === "2-class pack")).toBe(true);
    expect(preview.totalDueCents).toBe(0);

    const booked = await bookHousehold(asAnna, input);
    expect(await charged(owner, booked)).toEqual(previewed(preview));
    expect((await loadMembership(owner, membership!.id))?.sessionsRemaining).toBe(0);
  });

  it("O4: without a membership each person is a drop-in due at the studio, and the total is what is then due", async () => {
    const { owner, anna, kuba, ola, asAnna } = await household(null);
    const { session } = await makeSession(owner, { startsAt: LATER, dropInPriceCents: 2500 });
    const input = { sessionId: session.id, clientIds: [anna.id, kuba.id, ola.id] };

    const preview = await previewHouseholdBooking(asAnna, input);
    expect(previewed(preview)).toEqual(
      [anna, kuba, ola].map((c) => ({ clientId: c.id, membershipId: null, sessionsLeft: null, priceCents: 2500 })),
    );
    expect(preview.people.some((p) => p.ok && p.payNow)).toBe(false);
    expect(preview.totalDueCents).toBe(7500);

    const booked = await bookHousehold(asAnna, input);
    const after = await charged(owner, booked);
    expect(after).toEqual(previewed(preview));
    expect(after.reduce((sum, c) => sum + (c.priceCents ?? 0), 0)).toBe(preview.totalDueCents);
  });

  it("O4: a pack's last session goes to the first person; the next is refused in the preview, and the booking books no one", async () => {
    const { owner, anna, kuba, asAnna, membership } = await household(1);
    const { session } = await makeSession(owner, { startsAt: LATER, dropInPriceCents: 2500 });
    const input = { sessionId: session.id, clientIds: [anna.id, kuba.id] };

    expect(previewed(await previewHouseholdBooking(asAnna, input))).toEqual([
      { clientId: anna.id, membershipId: membership!.id, sessionsLeft: 0, priceCents: null },
      { clientId: kuba.id, refused: "no_sessions_left" },
    ]);
    await expect(bookHousehold(asAnna, input)).rejects.toMatchObject({ code: "no_sessions_left" });
    expect((await loadMembership(owner, membership!.id))?.sessionsRemaining).toBe(1);
    // Each alone is bookable: the preview of one person is canBook's.
    expect(previewed(await previewHouseholdBooking(asAnna, { sessionId: session.id, clientIds: [kuba.id] }))).toEqual([
      { clientId: kuba.id, membershipId: membership!.id, sessionsLeft: 0, priceCents: null },
    ]);
  });

  it("M1, O4: a limited membership's bookings of the earlier people count: the second is over the limit in both", async () => {
    const { owner, anna, kuba, asAnna } = await household(null);
    const plan = await makePlan(owner, PLANS.monthly({ bookingLimitPerPeriod: 1 }));
    await assignMembership(owner, { planId: plan.id, clientId: anna.id });
    const { session } = await makeSession(owner, { startsAt: LATER, dropInPriceCents: 2500 });
    const input = { sessionId: session.id, clientIds: [anna.id, kuba.id] };
    expect((await previewHouseholdBooking(asAnna, input)).people.map((p) => (p.ok ? p.planName : p.code))).toEqual([
      "Monthly unlimited",
      "booking_limit_reached",
    ]);
    await expect(bookHousehold(asAnna, input)).rejects.toMatchObject({ code: "booking_limit_reached" });
    // Kuba alone is still within the limit.
    expect(await charged(owner, await bookHousehold(asAnna, { ...input, clientIds: [kuba.id] }))).toMatchObject([
      { clientId: kuba.id, priceCents: null },
    ]);
  });

  it("B1, O4: the places the earlier people fill count: with one place left, the second person is refused", async () => {
    const { owner, anna, kuba, asAnna } = await household(null);
    const { session } = await makeSession(owner, { startsAt: LATER, capacity: 1, dropInPriceCents: 2500 });
    const preview = await previewHouseholdBooking(asAnna, { sessionId: session.id, clientIds: [anna.id, kuba.id] });
    expect(previewed(preview)).toEqual([
      { clientId: anna.id, membershipId: null, sessionsLeft: null, priceCents: 2500 },
      { clientId: kuba.id, refused: "class_full" },
    ]);
    expect(preview.totalDueCents).toBe(2500);
    const refused = await bookHousehold(asAnna, { sessionId: session.id, clientIds: [anna.id, kuba.id] }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(RuleError);
    expect(refused).toMatchObject({ code: "class_full" });
  });
});
