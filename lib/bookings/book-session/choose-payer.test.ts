import { afterEach, describe, expect, it } from "vitest";
import { stripeAccounts } from "@/db/schema";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { bookSession } from "../book-session";
import { choosePayer, guestChoice, periodContaining } from "./choose-payer";

// Step 3 of bookSession: who pays (S4, B2, M1, P0), decided without writing anything.

const T0 = new Date("2026-05-04T08:00:00Z");
const inDays = (n: number) => new Date(T0.getTime() + n * 86_400_000);

afterEach(() => {
  delete process.env.STRIPE_SECRET_KEY;
});

describe("choosePayer", () => {
  it("S4: a covering membership that spends nothing before a pack; packs soonest-ending first; staff may name one", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const client = await makeClient(owner, "Payer");
    const short = (
      await assignMembership(owner, { planId: (await makePlan(owner, PLANS.pack(5, 30))).id, clientId: client.id })
    ).membership;
    const long = (
      await assignMembership(owner, { planId: (await makePlan(owner, PLANS.pack(5, 90))).id, clientId: client.id })
    ).membership;
    const { session, cls } = await makeSession(owner, { startsAt: inDays(2) });
    const packs = await choosePayer(owner, { clientId: client.id, session, cls, lock: false });
    expect(packs).toEqual({
      kind: "packs",
      packs: [
        { membershipId: short.id, sessionsRemaining: 5 },
        { membershipId: long.id, sessionsRemaining: 5 },
      ],
    });
    expect(
      await choosePayer(owner, { clientId: client.id, session, cls, explicit: long.id, lock: false }),
    ).toMatchObject({
      kind: "packs",
      packs: [{ membershipId: long.id }],
    });
    expect(
      await choosePayer(owner, {
        clientId: client.id,
        session,
        cls,
        explicit: "00000000-0000-4000-8000-000000000000",
        lock: false,
      }),
    ).toMatchObject({
      kind: "refused",
      error: { code: "not_found" },
    });
    const monthly = (
      await assignMembership(owner, { planId: (await makePlan(owner, PLANS.monthly())).id, clientId: client.id })
    ).membership;
    expect(await choosePayer(owner, { clientId: client.id, session, cls, lock: false })).toEqual({
      kind: "membership",
      membershipId: monthly.id,
    });
  });

  it("M1: a recurring plan's per-period limit counts the period's bookings; once used up it refuses with booking_limit_reached", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const client = await makeClient(owner, "Weekly");
    const plan = await makePlan(owner, PLANS.monthly({ interval: "week", bookingLimitPerPeriod: 1 }));
    const { membership } = await assignMembership(owner, { planId: plan.id, clientId: client.id, startsAt: T0 });
    const a = await makeSession(owner, { startsAt: inDays(1) });
    const b = await makeSession(owner, { startsAt: inDays(2) });
    const nextWeek = await makeSession(owner, { startsAt: inDays(8) });
    expect(periodContaining({ membership, plan }, inDays(2))).toEqual([T0, inDays(7)]);
    expect(await choosePayer(owner, { clientId: client.id, ...b, lock: true })).toEqual({
      kind: "membership",
      membershipId: membership.id,
    });
    await bookSession(owner, { sessionId: a.session.id, clientId: client.id });
    expect(await choosePayer(owner, { clientId: client.id, ...b, lock: true })).toMatchObject({
      kind: "refused",
      error: { code: "booking_limit_reached" },
    });
    expect(await choosePayer(owner, { clientId: client.id, ...nextWeek, lock: false })).toEqual({
      kind: "membership",
      membershipId: membership.id,
    });
  });

  it("B2, P0: nobody's membership is a drop-in at the class's price; a member's own priced drop-in is payNow only while the studio takes cards", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const client = await makeClient(owner, "Drop");
    const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id }, T0);
    const priced = await makeSession(owner, { startsAt: inDays(1), dropInPriceCents: 3000 });
    const free = await makeSession(owner, { startsAt: inDays(1), dropInPriceCents: 0 });
    const membersOnly = await makeSession(owner, { startsAt: inDays(1), memberOnly: true });
    const noDropIn = await makeSession(owner, { startsAt: inDays(1), dropInPriceCents: null });

    expect(await choosePayer(member, { clientId: client.id, ...priced, lock: true })).toEqual({
      kind: "drop_in",
      priceCents: 3000,
      payNow: false,
    });
    // Cards on: a Stripe key and a connected account that can charge.
    process.env.STRIPE_SECRET_KEY = "sk_test_not_called";
    await owner.db
      .insert(stripeAccounts)
      .values({ studioId: s.studio.id, accountId: `acct_${s.studio.id.slice(0, 8)}`, chargesEnabled: true });
    expect(await choosePayer(member, { clientId: client.id, ...priced, lock: true })).toEqual({
      kind: "drop_in",
      priceCents: 3000,
      payNow: true,
    });
    expect(await choosePayer(member, { clientId: client.id, ...free, lock: true })).toEqual({
      kind: "drop_in",
      priceCents: 0,
      payNow: false,
    });
    expect(await choosePayer(owner, { clientId: client.id, ...priced, lock: true })).toEqual({
      kind: "drop_in",
      priceCents: 3000,
      payNow: false,
    });
    expect(await choosePayer(member, { clientId: client.id, ...membersOnly, lock: true })).toMatchObject({
      kind: "refused",
      error: { code: "membership_required" },
    });
    expect(await choosePayer(member, { clientId: client.id, ...noDropIn, lock: true })).toMatchObject({
      kind: "refused",
      error: { code: "membership_required" },
    });
    // A guest: never anyone's membership, never payNow.
    expect(guestChoice(priced.cls)).toEqual({ kind: "drop_in", priceCents: 3000, payNow: false });
    expect(guestChoice(membersOnly.cls)).toMatchObject({ kind: "refused", error: { code: "membership_required" } });
  });
});
