import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, memberships, payments, promoCodes, promoRedemptions } from "@/db/schema";
import { bookSession } from "@/lib/bookings/book-session";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import type { Ctx } from "@/lib/core/ctx";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { listPlans } from "@/lib/plans/plans";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { testDatabaseMode } from "@/test/support/test-database";
import { createPromoCode, deactivatePromoCode, listPromoCodes, quotePromoCode } from "./promo-codes";
import { loadIntroEligibility } from "./intro-offer";

const onPostgres = testDatabaseMode() === "postgres";
const T0 = new Date("2026-06-01T10:00:00Z");
const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);

async function introSetup() {
  const s = await makeStudio();
  const owner = await s.owner(T0);
  const intro = await makePlan(
    owner,
    PLANS.pack(3, 14, { name: "Intro: 3 classes for 2 weeks", priceCents: 3000, public: true, newClientsOnly: true }),
  );
  const monthly = await makePlan(owner, PLANS.monthly({ public: true }));
  const client = await makeClient(owner, "Nina New");
  const member = await s.ctx({ kind: "member", userId: null, clientId: client.id }, T0);
  return { s, owner, intro, monthly, client, member };
}

async function membershipsOf(ctx: Ctx, clientId: string) {
  return ctx.db
    .select()
    .from(memberships)
    .where(and(eq(memberships.studioId, ctx.studio.id), eq(memberships.clientId, clientId)));
}

async function auditOf(ctx: Ctx, action: string) {
  return ctx.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.studioId, ctx.studio.id), eq(auditLog.action, action)));
}

describe("M11: intro offers", () => {
  it("M11: a new client sees and buys the intro offer once; then it is gone from their list and refused", async () => {
    const { intro, client, member } = await introSetup();
    expect((await listPlans(member, { publicOnly: true })).map((p) => p.id)).toContain(intro.id);
    await assignMembership(member, { planId: intro.id, clientId: client.id, source: "purchase" });
    expect((await listPlans(member, { publicOnly: true })).map((p) => p.id)).not.toContain(intro.id);
    await expect(
      assignMembership(member, { planId: intro.id, clientId: client.id, source: "purchase", startsAt: days(30) }),
    ).rejects.toMatchObject({ code: "intro_not_eligible" });
  });

  it("M11: anonymous visitors and staff see intro offers; a client with an earlier purchase does not", async () => {
    const { s, owner, intro, monthly, client, member } = await introSetup();
    const visitor = await s.system(T0);
    expect((await listPlans(visitor, { publicOnly: true })).map((p) => p.id)).toContain(intro.id);
    await assignMembership(owner, { planId: monthly.id, clientId: client.id });
    expect(await loadIntroEligibility(owner, client.id)).toBe(false);
    expect((await listPlans(member, { publicOnly: true })).map((p) => p.id)).toEqual([monthly.id]);
    expect((await listPlans(owner)).map((p) => p.id)).toContain(intro.id);
  });

  it("M11: a booking counts as having come before; a cancelled one does not", async () => {
    const { owner, intro, client, member } = await introSetup();
    const { session } = await makeSession(owner, { startsAt: days(2) });
    const { booking } = await bookSession(owner, { sessionId: session.id, clientId: client.id });
    await expect(
      assignMembership(member, { planId: intro.id, clientId: client.id, source: "purchase" }),
    ).rejects.toMatchObject({ code: "intro_not_eligible" });
    await cancelBooking(owner, booking.id, { by: "staff" });
    expect(await loadIntroEligibility(owner, client.id)).toBe(true);
  });

  it("M11: staff are refused without a reason and may override with one, audited", async () => {
    const { owner, intro, monthly, client } = await introSetup();
    await assignMembership(owner, { planId: monthly.id, clientId: client.id });
    await expect(assignMembership(owner, { planId: intro.id, clientId: client.id })).rejects.toMatchObject({
      code: "intro_not_eligible",
    });
    const { membership } = await assignMembership(owner, {
      planId: intro.id,
      clientId: client.id,
      overrideReason: "Came back after two years",
    });
    expect(membership.planId).toBe(intro.id);
    const [entry] = await auditOf(owner, "membership.intro_override");
    expect(entry).toMatchObject({ rowId: client.id, data: { planId: intro.id, reason: "Came back after two years" } });
  });

  it("M11: a member cannot override", async () => {
    const { owner, intro, monthly, client, member } = await introSetup();
    await assignMembership(owner, { planId: monthly.id, clientId: client.id });
    await expect(
      assignMembership(member, { planId: intro.id, clientId: client.id, source: "purchase", overrideReason: "please" }),
    ).rejects.toMatchObject({ code: "intro_not_eligible" });
    expect(await auditOf(owner, "membership.intro_override")).toHaveLength(0);
  });

  it("M11: a company cannot hold an intro offer", async () => {
    const { owner } = await introSetup();
    const fixed = await makePlan(owner, PLANS.fixed(14, { newClientsOnly: true }));
    const { createCompany } = await import("@/lib/companies/companies");
    const company = await createCompany(owner, { name: "Acme" });
    await expect(assignMembership(owner, { planId: fixed.id, companyId: company.id })).rejects.toMatchObject({
      code: "intro_not_eligible",
    });
  });

  it.skipIf(!onPostgres)(
    "M11 race: two purchases of the intro offer by the same client at once: exactly one wins",
    async () => {
      const { intro, monthly, client, member } = await introSetup();
      // Different plans and starts, so nothing but M11 stands between them (M10, S5 do not apply).
      const results = await Promise.allSettled([
        assignMembership(member, { planId: intro.id, clientId: client.id, source: "purchase" }),
        assignMembership(member, { planId: intro.id, clientId: client.id, source: "embed", startsAt: days(1) }),
        assignMembership(member, { planId: intro.id, clientId: client.id, source: "purchase", startsAt: days(2) }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results.filter((r) => r.status === "rejected"))
        expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "intro_not_eligible" });
      expect((await membershipsOf(member, client.id)).filter((m) => m.planId === intro.id)).toHaveLength(1);
      void monthly;
    },
  );
});

async function promoSetup() {
  const s = await makeStudio();
  const owner = await s.owner(T0);
  const pack = await makePlan(owner, PLANS.pack(8, 60, { public: true })); // 120.00
  const monthly = await makePlan(owner, PLANS.monthly({ public: true })); // 99.00
  const client = await makeClient(owner, "Paula Promo");
  const member = await s.ctx({ kind: "member", userId: null, clientId: client.id }, T0);
  return { s, owner, pack, monthly, client, member };
}

async function dueOf(ctx: Ctx, membershipId: string) {
  const [p] = await ctx.db
    .select()
    .from(payments)
    .where(and(eq(payments.studioId, ctx.studio.id), eq(payments.membershipId, membershipId)));
  return p;
}

describe("M12: promo codes", () => {
  it("M12: percent off a chosen plan; the payment due is the discounted price; the use is counted", async () => {
    const { owner, pack, client, member } = await promoSetup();
    const code = await createPromoCode(owner, { code: "WELCOME10", percentOff: 10, planIds: [pack.id] });
    expect(await quotePromoCode(member, { code: "welcome10", plan: pack })).toMatchObject({
      priceCents: 12000,
      amountOffCents: 1200,
      dueCents: 10800,
    });
    const { membership } = await assignMembership(member, {
      planId: pack.id,
      clientId: client.id,
      source: "purchase",
      promoCode: "Welcome10",
    });
    expect(await dueOf(owner, membership.id)).toMatchObject({ status: "due", amountCents: 10800 });
    const [row] = await listPromoCodes(owner);
    expect(row).toMatchObject({ id: code.id, uses: 1 });
    const [redemption] = await owner.db
      .select()
      .from(promoRedemptions)
      .where(eq(promoRedemptions.studioId, owner.studio.id));
    expect(redemption).toMatchObject({ clientId: client.id, membershipId: membership.id, amountOffCents: 1200 });
  });

  it("M12: an amount off never goes below zero; a free result records no payment due", async () => {
    const { owner, monthly, client } = await promoSetup();
    await createPromoCode(owner, { code: "FREEMONTH", amountOffCents: 50000, planIds: [monthly.id] });
    const { membership } = await assignMembership(owner, {
      planId: monthly.id,
      clientId: client.id,
      promoCode: "freemonth",
    });
    expect(await dueOf(owner, membership.id)).toBeUndefined();
  });

  it("M12: refused as promo_code_invalid: unknown, other plan, before, after, deactivated", async () => {
    const { owner, pack, monthly, client } = await promoSetup();
    const code = await createPromoCode(owner, {
      code: "SPRING",
      percentOff: 20,
      planIds: [pack.id],
      validFrom: days(-1),
      validUntil: days(1),
    });
    const buy = (ctx: Ctx, planId: string, promoCode: string) =>
      assignMembership(ctx, { planId, clientId: client.id, promoCode });
    await expect(buy(owner, pack.id, "NOPE1")).rejects.toMatchObject({ code: "promo_code_invalid" });
    await expect(buy(owner, monthly.id, "SPRING")).rejects.toMatchObject({ code: "promo_code_invalid" });
    await expect(buy({ ...owner, now: days(-2) }, pack.id, "SPRING")).rejects.toMatchObject({
      code: "promo_code_invalid",
    });
    await expect(buy({ ...owner, now: days(1) }, pack.id, "SPRING")).rejects.toMatchObject({
      code: "promo_code_invalid",
    });
    await deactivatePromoCode(owner, code.id);
    await expect(buy(owner, pack.id, "spring")).rejects.toMatchObject({ code: "promo_code_invalid" });
    // Nothing was written by the refusals.
    expect(await membershipsOf(owner, client.id)).toHaveLength(0);
  });

  it("M12: the total limit and the per-client limit answer promo_code_used_up", async () => {
    const { owner, pack, monthly, client } = await promoSetup();
    const other = await makeClient(owner, "Olga Other");
    await createPromoCode(owner, { code: "ONCEEACH", percentOff: 50, planIds: [monthly.id], maxUsesPerClient: 1 });
    await assignMembership(owner, { planId: monthly.id, clientId: client.id, promoCode: "ONCEEACH" });
    await expect(
      assignMembership(owner, { planId: monthly.id, clientId: client.id, promoCode: "onceeach", startsAt: days(40) }),
    ).rejects.toMatchObject({ code: "promo_code_used_up" });
    await createPromoCode(owner, { code: "ONLYONE", amountOffCents: 1000, planIds: [pack.id], maxUses: 1 });
    await assignMembership(owner, { planId: pack.id, clientId: other.id, promoCode: "ONLYONE" });
    await expect(
      assignMembership(owner, { planId: pack.id, clientId: client.id, promoCode: "ONLYONE" }),
    ).rejects.toMatchObject({ code: "promo_code_used_up" });
  });

  it("M12: codes are unique per studio without regard to case, and only owners and managers make them", async () => {
    const { s, owner, pack } = await promoSetup();
    await createPromoCode(owner, { code: "Summer", percentOff: 5, planIds: [pack.id] });
    await expect(createPromoCode(owner, { code: "SUMMER", percentOff: 5, planIds: [pack.id] })).rejects.toMatchObject({
      code: "invalid_input",
    });
    const manager = await s.staffAs("manager", T0);
    await createPromoCode(manager, { code: "Winter", percentOff: 5, planIds: [pack.id] });
    const desk = await s.staffAs("front_desk", T0);
    await expect(createPromoCode(desk, { code: "Autumn", percentOff: 5, planIds: [pack.id] })).rejects.toMatchObject({
      code: "forbidden",
    });
    // Another studio may have the same code; another studio's plan is "not found".
    const other = await makeStudio();
    const otherOwner = await other.owner(T0);
    await expect(
      createPromoCode(otherOwner, { code: "SUMMER", percentOff: 5, planIds: [pack.id] }),
    ).rejects.toMatchObject({ code: "not_found" });
    const otherPlan = await makePlan(otherOwner, PLANS.pack());
    await createPromoCode(otherOwner, { code: "SUMMER", percentOff: 5, planIds: [otherPlan.id] });
    await expect(
      assignMembership(otherOwner, {
        planId: otherPlan.id,
        clientId: (await makeClient(otherOwner)).id,
        promoCode: "Winter",
      }),
    ).rejects.toMatchObject({ code: "promo_code_invalid" });
  });

  it("M12: exactly one of percentOff and amountOffCents", async () => {
    const { owner, pack } = await promoSetup();
    await expect(createPromoCode(owner, { code: "BOTH1", planIds: [pack.id] })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(
      createPromoCode(owner, { code: "BOTH2", percentOff: 5, amountOffCents: 100, planIds: [pack.id] }),
    ).rejects.toMatchObject({ code: "invalid_input" });
  });

  it.skipIf(!onPostgres)("M12 race: at a code's last use, two buyers at once: one gets it", async () => {
    const { owner, pack } = await promoSetup();
    await createPromoCode(owner, { code: "LASTONE", percentOff: 25, planIds: [pack.id], maxUses: 3 });
    const buyers = await Promise.all(Array.from({ length: 8 }, (_, i) => makeClient(owner, `Buyer ${i}`)));
    const results = await Promise.allSettled(
      buyers.map((b) => assignMembership(owner, { planId: pack.id, clientId: b.id, promoCode: "lastone" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "promo_code_used_up" });
    const [code] = await owner.db.select().from(promoCodes).where(eq(promoCodes.studioId, owner.studio.id));
    expect(code!.uses).toBe(3);
    const redemptions = await owner.db
      .select()
      .from(promoRedemptions)
      .where(eq(promoRedemptions.studioId, owner.studio.id));
    expect(redemptions).toHaveLength(3);
  });

  it.skipIf(!onPostgres)("M12 race: one client twice at once against a per-client limit of 1: one wins", async () => {
    const { owner, monthly, client } = await promoSetup();
    await createPromoCode(owner, { code: "MINE", percentOff: 10, planIds: [monthly.id], maxUsesPerClient: 1 });
    const results = await Promise.allSettled(
      [0, 40].map((d) =>
        assignMembership(owner, { planId: monthly.id, clientId: client.id, promoCode: "MINE", startsAt: days(d) }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});
