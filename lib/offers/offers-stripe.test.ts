import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { getDb } from "@/db";
import { auditLog, checkouts, memberships, payments, promoCodes } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { startCheckout } from "@/lib/stripe/checkout";
import { applyStripeEvent } from "@/lib/stripe/webhook";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { stripeRecorderForFile } from "@/test/support/stripe-fixtures";
import { createPromoCode } from "./promo-codes";

const origin = "https://roster.example.test";
const { stripe, connectedStudio } = stripeRecorderForFile();

const setup = () => connectedStudio({ clientName: "Sam Stripe" });

/** Stripe says the Checkout Session of our checkout row was paid (payment mode). */
async function paid(ctx: Ctx, checkoutId: string, accountId: string) {
  const [co] = await ctx.db
    .select()
    .from(checkouts)
    .where(and(eq(checkouts.studioId, ctx.studio.id), eq(checkouts.id, checkoutId)));
  const evt = {
    id: `evt_${randomBytes(6).toString("hex")}`,
    object: "event",
    type: "checkout.session.completed",
    account: accountId,
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: co!.stripeCheckoutSessionId,
        object: "checkout.session",
        mode: "payment",
        payment_status: "paid",
        client_reference_id: co!.id,
        metadata: { roster_checkout_id: co!.id },
        customer: null,
        payment_intent: `pi_${randomBytes(6).toString("hex")}`,
        amount_total: co!.amountCents,
        currency: co!.currency.toLowerCase(),
      },
    },
  };
  return applyStripeEvent(await getDb(), evt as unknown as Stripe.Event, new Date(), { stripe: null });
}

describe("M12 with Stripe: the code becomes a coupon on the connected account", () => {
  it("M12: percent off, first payment: a coupon (duration once) applied to the Checkout Session; the webhook redeems it", async () => {
    const { owner, client, member, accountId } = await setup();
    const pack = await makePlan(owner, PLANS.pack(8, 60, { public: true }));
    await createPromoCode(owner, { code: "WELCOME10", percentOff: 10, planIds: [pack.id] });
    const { checkoutId } = await startCheckout(member, { planId: pack.id, origin, promoCode: "welcome10" });

    const [coupon] = stripe.calls("/v1/coupons", "POST");
    expect(coupon!.form).toMatchObject({ percent_off: "10", duration: "once", name: "WELCOME10" });
    expect(coupon!.headers["stripe-account"]).toBe(accountId);
    const [session] = stripe.calls("/v1/checkout/sessions", "POST");
    expect(session!.form["discounts[0][coupon]"]).toMatch(/^coupon_test_/);
    expect(session!.form["line_items[0][price_data][unit_amount]"]).toBe("12000");
    const [row] = await owner.db.select().from(checkouts).where(eq(checkouts.id, checkoutId));
    expect(row).toMatchObject({ amountCents: 10800, promoCode: "WELCOME10" });
    // Opening checkout counts no use yet.
    const [before] = await owner.db.select().from(promoCodes).where(eq(promoCodes.studioId, owner.studio.id));
    expect(before!.uses).toBe(0);

    expect((await paid(owner, checkoutId, accountId)).effect).toBe("membership created and paid");
    const [m] = await owner.db.select().from(memberships).where(eq(memberships.clientId, client.id));
    const [payment] = await owner.db.select().from(payments).where(eq(payments.membershipId, m!.id));
    expect(payment).toMatchObject({ status: "paid", amountCents: 10800, method: "stripe" });
    const [after] = await owner.db.select().from(promoCodes).where(eq(promoCodes.studioId, owner.studio.id));
    expect(after!.uses).toBe(1);

    // A second checkout with the same code reuses the coupon.
    const other = await makeClient(owner, "Other");
    const otherMember = { ...member, actor: { kind: "member" as const, userId: null, clientId: other.id } };
    await startCheckout(otherMember, { planId: pack.id, origin, promoCode: "WELCOME10" });
    expect(stripe.calls("/v1/coupons", "POST")).toHaveLength(1);
  });

  it("M12: amount off, every recurring payment: duration forever in the studio's currency", async () => {
    const { owner, member } = await setup();
    const monthly = await makePlan(owner, PLANS.monthly({ public: true }));
    await createPromoCode(owner, { code: "LOYAL", amountOffCents: 900, planIds: [monthly.id], appliesTo: "every" });
    await startCheckout(member, { planId: monthly.id, origin, promoCode: "LOYAL" });
    const [coupon] = stripe.calls("/v1/coupons", "POST");
    expect(coupon!.form).toMatchObject({
      amount_off: "900",
      currency: owner.studio.currency.toLowerCase(),
      duration: "forever",
    });
    const [session] = stripe.calls("/v1/checkout/sessions", "POST");
    expect(session!.form.mode).toBe("subscription");
    expect(session!.form["discounts[0][coupon]"]).toBe(await lastCouponId(owner));
  });

  it("M12: a used-up or invalid code is refused before anything is sent to Stripe", async () => {
    const { owner, member } = await setup();
    const pack = await makePlan(owner, PLANS.pack(8, 60, { public: true }));
    await createPromoCode(owner, { code: "GONE", percentOff: 10, planIds: [pack.id], maxUses: 1 });
    await assignMembership(owner, { planId: pack.id, clientId: (await makeClient(owner)).id, promoCode: "GONE" });
    await expect(startCheckout(member, { planId: pack.id, origin, promoCode: "GONE" })).rejects.toMatchObject({
      code: "promo_code_used_up",
    });
    await expect(startCheckout(member, { planId: pack.id, origin, promoCode: "NOSUCH" })).rejects.toMatchObject({
      code: "promo_code_invalid",
    });
    expect(stripe.calls(/^\/v1\/(coupons|checkout)/)).toHaveLength(0);
  });
});

async function lastCouponId(ctx: Ctx) {
  const [row] = await ctx.db.select().from(promoCodes).where(eq(promoCodes.studioId, ctx.studio.id));
  return row!.stripeCouponId;
}

describe("M11 with Stripe: eligibility when checkout opens and again when the webhook grants", () => {
  it("M11: refused at checkout for a client who is not new; two checkouts opened while new: the second grant is refused and recorded for refund", async () => {
    const { owner, client, member, accountId } = await setup();
    const intro = await makePlan(
      owner,
      PLANS.fixed(14, { name: "Intro fortnight", priceCents: 2500, public: true, newClientsOnly: true }),
    );
    // Two checkouts opened while still new (two tabs; different amounts so the second is not a reuse).
    await createPromoCode(owner, { code: "HALF", percentOff: 50, planIds: [intro.id] });
    const first = await startCheckout(member, { planId: intro.id, origin });
    const second = await startCheckout(member, { planId: intro.id, origin, promoCode: "HALF" });
    expect(first.checkoutId).not.toBe(second.checkoutId);

    expect((await paid(owner, first.checkoutId, accountId)).effect).toBe("membership created and paid");
    // Now not eligible: a new checkout is refused before Stripe...
    stripe.clear();
    await expect(startCheckout(member, { planId: intro.id, origin })).rejects.toMatchObject({
      code: "intro_not_eligible",
    });
    expect(stripe.calls("/v1/checkout/sessions", "POST")).toHaveLength(0);
    // ...and the other paid checkout grants nothing twice: the money is kept on record for a refund.
    expect((await paid(owner, second.checkoutId, accountId)).effect).toBe(
      "paid but not granted (intro_not_eligible): refund needed",
    );
    const held = await owner.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.studioId, owner.studio.id), eq(memberships.clientId, client.id)));
    expect(held).toHaveLength(1);
    const [flag] = await owner.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.studioId, owner.studio.id), eq(auditLog.action, "stripe.checkout.refund_needed")));
    expect(flag!.data).toMatchObject({ code: "intro_not_eligible", amountCents: 1250 });
    // The code was not counted for the refused grant.
    const [code] = await owner.db.select().from(promoCodes).where(eq(promoCodes.studioId, owner.studio.id));
    expect(code!.uses).toBe(0);
  });
});
