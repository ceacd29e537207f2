import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { bookings, checkouts, classSessions, clients, memberships, payments } from "@/db/schema";
import { bookSession } from "@/lib/bookings/book-session";
import type { Ctx } from "@/lib/core/ctx";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, type TestStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { stripeRecorderForFile } from "@/test/support/stripe-fixtures";
import { checkoutIdempotencyKey, checkoutNeeded, getMyCheckout, startCheckout } from "./checkout";

const origin = "https://roster.example.test";
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000);
const { stripe, unconfigure, connectedStudio } = stripeRecorderForFile();

/** A studio, a member of it, and (unless `connect: false`) a connected account that can take charges. */
const setup = (opts: { connect?: boolean; charges?: boolean } = {}) =>
  connectedStudio({ ...opts, memberUserId: "owner" });

async function checkoutRows(ctx: Ctx, clientId: string) {
  return ctx.db
    .select()
    .from(checkouts)
    .where(and(eq(checkouts.studioId, ctx.studio.id), eq(checkouts.clientId, clientId)));
}
async function membershipsOf(ctx: Ctx, clientId: string) {
  return ctx.db
    .select()
    .from(memberships)
    .where(and(eq(memberships.studioId, ctx.studio.id), eq(memberships.clientId, clientId)));
}

describe("P0: no Stripe means pay at the studio, unchanged", () => {
  it("P0: without STRIPE_SECRET_KEY no checkout is offered, startCheckout refuses, and buying records a payment due", async () => {
    const { owner, client, member } = await setup({ connect: false });
    unconfigure();
    delete process.env.STRIPE_SECRET_KEY;
    const plan = await makePlan(owner, PLANS.pack(8, 60, { public: true }));
    expect(await checkoutNeeded(member, { planId: plan.id })).toBe(false);
    await expect(startCheckout(member, { planId: plan.id, origin })).rejects.toMatchObject({
      code: "stripe_not_ready",
    });

    const { membership } = await assignMembership(member, { planId: plan.id, clientId: client.id, source: "purchase" });
    const [due] = await owner.db
      .select()
      .from(payments)
      .where(and(eq(payments.studioId, owner.studio.id), eq(payments.membershipId, membership.id)));
    expect(due).toMatchObject({ status: "due", method: null, amountCents: 12000 });
    expect(await checkoutRows(owner, client.id)).toHaveLength(0);
    expect(stripe.requests).toHaveLength(0);
  });

  it("P0: connected but onboarding unfinished (charges off): still pay at the studio, nothing sent to Stripe", async () => {
    const { owner, client, member } = await setup({ charges: false });
    const plan = await makePlan(owner, PLANS.monthly({ public: true }));
    expect(await checkoutNeeded(member, { planId: plan.id })).toBe(false);
    await expect(startCheckout(member, { planId: plan.id, origin })).rejects.toMatchObject({
      code: "stripe_not_ready",
    });
    expect(await checkoutRows(owner, client.id)).toHaveLength(0);
    expect(stripe.requests).toHaveLength(0);
  });
});

describe("P0: Checkout on the connected account", () => {
  it("P0: a pack is a one-off payment of its price, on the studio's account, keyed by our checkout row; nothing granted yet", async () => {
    const { s, owner, client, member, accountId } = await setup();
    const plan = await makePlan(owner, PLANS.pack(8, 60, { public: true, currency: "EUR" }));
    expect(await checkoutNeeded(member, { planId: plan.id })).toBe(true);

    const started = await startCheckout(member, { planId: plan.id, origin });
    expect(started.reused).toBe(false);
    expect(started.url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);

    const [customer] = stripe.calls("/v1/customers", "POST");
    expect(customer!.stripeAccount).toBe(accountId);
    expect(customer!.idempotencyKey).toBe(`roster-customer-${client.id}`);
    expect(customer!.form.email).toBe(client.email);

    const [session] = stripe.calls("/v1/checkout/sessions", "POST");
    expect(session!.stripeAccount).toBe(accountId);
    expect(session!.idempotencyKey).toBe(checkoutIdempotencyKey(started.checkoutId));
    expect(session!.form).toMatchObject({
      mode: "payment",
      customer: expect.stringMatching(/^cus_test_/),
      client_reference_id: started.checkoutId,
      "metadata[roster_checkout_id]": started.checkoutId,
      "metadata[roster_studio_id]": s.studio.id,
      "metadata[roster_kind]": "membership",
      "metadata[roster_plan_id]": plan.id,
      "line_items[0][quantity]": "1",
      "line_items[0][price_data][unit_amount]": "12000",
      "line_items[0][price_data][currency]": "eur",
      "line_items[0][price_data][product_data][name]": plan.name,
      "payment_intent_data[metadata][roster_checkout_id]": started.checkoutId,
      success_url: `${origin}/s/${s.studio.slug}/checkout/success?checkout=${started.checkoutId}`,
      cancel_url: `${origin}/s/${s.studio.slug}/checkout/cancelled?checkout=${started.checkoutId}`,
    });
    expect(session!.form["line_items[0][price_data][recurring][interval]"]).toBeUndefined();

    const [row] = await checkoutRows(owner, client.id);
    expect(row).toMatchObject({
      kind: "membership",
      planId: plan.id,
      amountCents: 12000,
      currency: "EUR",
      status: "open",
    });
    expect(row!.stripeCheckoutSessionId).toMatch(/^cs_test_/);
    const [c] = await owner.db
      .select()
      .from(clients)
      .where(and(eq(clients.studioId, s.studio.id), eq(clients.id, client.id)));
    expect(c!.stripeCustomerId).toMatch(/^cus_test_/);
    expect(session!.form.customer).toBe(c!.stripeCustomerId);
    // Granted only by the webhook once paid: no membership, no payment due.
    expect(await membershipsOf(owner, client.id)).toHaveLength(0);
    expect(await owner.db.select().from(payments).where(eq(payments.clientId, client.id))).toHaveLength(0);
    expect((await getMyCheckout(member, started.checkoutId)).id).toBe(started.checkoutId);
  });

  it("P0: a recurring plan is a subscription billed every interval; a fixed plan is a one-off payment", async () => {
    const { owner, member } = await setup();
    const monthly = await makePlan(owner, PLANS.monthly({ public: true }));
    const yearly = await makePlan(
      owner,
      PLANS.monthly({ public: true, name: "Yearly", interval: "year", priceCents: 99000 }),
    );
    const pass = await makePlan(owner, PLANS.fixed(30, { public: true }));

    await startCheckout(member, { planId: monthly.id, origin });
    await startCheckout(member, { planId: yearly.id, origin });
    await startCheckout(member, { planId: pass.id, origin });
    const [m, y, f] = stripe.calls("/v1/checkout/sessions", "POST");
    expect(m!.form).toMatchObject({
      mode: "subscription",
      "line_items[0][price_data][unit_amount]": "9900",
      "line_items[0][price_data][recurring][interval]": "month",
      "subscription_data[metadata][roster_plan_id]": monthly.id,
    });
    expect(m!.form["payment_intent_data[metadata][roster_checkout_id]"]).toBeUndefined();
    expect(y!.form).toMatchObject({
      mode: "subscription",
      "line_items[0][price_data][recurring][interval]": "year",
      "line_items[0][price_data][unit_amount]": "99000",
    });
    expect(f!.form).toMatchObject({ mode: "payment", "line_items[0][price_data][unit_amount]": "5000" });
    expect(f!.form["line_items[0][price_data][recurring][interval]"]).toBeUndefined();
    // One customer for the client, reused by every checkout.
    expect(stripe.calls("/v1/customers", "POST")).toHaveLength(1);
    expect(new Set([m, y, f].map((r) => r!.form.customer)).size).toBe(1);
  });

  it("P0: a drop-in is a one-off payment of the class's price; no booking and no place taken until paid", async () => {
    const { owner, client, member, accountId } = await setup();
    const { session } = await makeSession(owner, { startsAt: inDays(7), dropInPriceCents: 2500, title: "Hatha" });
    expect(await checkoutNeeded(member, { sessionId: session.id })).toBe(true);
    const started = await startCheckout(member, { sessionId: session.id, origin });

    const [sent] = stripe.calls("/v1/checkout/sessions", "POST");
    expect(sent!.stripeAccount).toBe(accountId);
    expect(sent!.idempotencyKey).toBe(checkoutIdempotencyKey(started.checkoutId));
    expect(sent!.form).toMatchObject({
      mode: "payment",
      "line_items[0][price_data][unit_amount]": "2500",
      "line_items[0][price_data][currency]": owner.studio.currency.toLowerCase(),
      "metadata[roster_kind]": "drop_in",
      "metadata[roster_session_id]": session.id,
    });
    expect(sent!.form["line_items[0][price_data][product_data][name]"]).toMatch(/^Drop-in: Hatha, /);
    const [row] = await checkoutRows(owner, client.id);
    expect(row).toMatchObject({ kind: "drop_in", classSessionId: session.id, planId: null, amountCents: 2500 });
    expect(await owner.db.select().from(bookings).where(eq(bookings.sessionId, session.id))).toHaveLength(0);
    const [after] = await owner.db.select().from(classSessions).where(eq(classSessions.id, session.id));
    expect(after!.bookedCount).toBe(0);
  });

  it("P0: a retried click reuses the open checkout row and its idempotency key: one session at Stripe, one row here", async () => {
    const { owner, client, member } = await setup();
    const plan = await makePlan(owner, PLANS.pack(8, 60, { public: true }));
    const first = await startCheckout(member, { planId: plan.id, origin });
    const second = await startCheckout(member, { planId: plan.id, origin });
    expect(second).toMatchObject({ checkoutId: first.checkoutId, url: first.url, reused: true });

    const sent = stripe.calls("/v1/checkout/sessions", "POST");
    expect(sent).toHaveLength(2);
    expect(sent.map((r) => r.idempotencyKey)).toEqual([
      checkoutIdempotencyKey(first.checkoutId),
      checkoutIdempotencyKey(first.checkoutId),
    ]);
    expect(sent[1]!.replayed).toBe(true);
    expect(await checkoutRows(owner, client.id)).toHaveLength(1);
    expect(stripe.calls("/v1/customers", "POST")).toHaveLength(1);

    // Two clicks at once still make one row.
    const other = await makePlan(owner, PLANS.fixed(30, { public: true }));
    const racing = await Promise.all([
      startCheckout(member, { planId: other.id, origin }),
      startCheckout(member, { planId: other.id, origin }),
    ]);
    expect(racing[0].checkoutId).toBe(racing[1].checkoutId);
    expect(await checkoutRows(owner, client.id)).toHaveLength(2);
  });

  it("P0: a completed or expired checkout is not reused: buying again makes a new row and key", async () => {
    const { owner, client, member } = await setup();
    const plan = await makePlan(owner, PLANS.monthly({ public: true }));
    const first = await startCheckout(member, { planId: plan.id, origin });
    await owner.db
      .update(checkouts)
      .set({ status: "expired" })
      .where(and(eq(checkouts.studioId, owner.studio.id), eq(checkouts.id, first.checkoutId)));
    const second = await startCheckout(member, { planId: plan.id, origin });
    expect(second.checkoutId).not.toBe(first.checkoutId);
    expect(new Set(stripe.calls("/v1/checkout/sessions", "POST").map((r) => r.idempotencyKey)).size).toBe(2);
    expect(await checkoutRows(owner, client.id)).toHaveLength(2);
  });
});

describe("P0: refusals are the purchase's own rules and make no Stripe call", () => {
  async function expectNothingSent(owner: Ctx, clientId: string) {
    expect(stripe.requests).toHaveLength(0);
    expect(await checkoutRows(owner, clientId)).toHaveLength(0);
  }

  it("E1: a plan that is not public is not found", async () => {
    const { owner, client, member } = await setup();
    const hidden = await makePlan(owner, PLANS.pack(8, 60, { public: false }));
    await expect(startCheckout(member, { planId: hidden.id, origin })).rejects.toMatchObject({ code: "not_found" });
    await expect(checkoutNeeded(member, { planId: hidden.id })).rejects.toMatchObject({ code: "not_found" });
    await expectNothingSent(owner, client.id);
  });

  it("S5: a second pack while the first is usable is refused before Stripe", async () => {
    const { owner, client, member } = await setup();
    const plan = await makePlan(owner, PLANS.pack(8, 60, { public: true }));
    await assignMembership(owner, { planId: plan.id, clientId: client.id, paymentMethod: "cash" });
    stripe.clear();
    await expect(startCheckout(member, { planId: plan.id, origin })).rejects.toMatchObject({
      code: "pack_still_usable",
    });
    await expectNothingSent(owner, client.id);
    expect(await membershipsOf(owner, client.id)).toHaveLength(1);
  });

  it("B2: a member-only class without a membership is refused; a class the membership covers needs no checkout", async () => {
    const { owner, client, member } = await setup();
    const { session: membersOnly } = await makeSession(owner, { startsAt: inDays(7), memberOnly: true });
    await expect(startCheckout(member, { sessionId: membersOnly.id, origin })).rejects.toMatchObject({
      code: "membership_required",
    });
    await expectNothingSent(owner, client.id);

    const monthly = await makePlan(owner, PLANS.monthly());
    await assignMembership(owner, { planId: monthly.id, clientId: client.id, paymentMethod: "cash" });
    stripe.clear();
    const { session: open } = await makeSession(owner, { startsAt: inDays(7) });
    await expect(startCheckout(member, { sessionId: open.id, origin })).rejects.toMatchObject({
      code: "membership_covers",
    });
    expect(await checkoutNeeded(member, { sessionId: open.id }).catch((e: { code: string }) => e.code)).toBe(
      "membership_covers",
    );
    await expectNothingSent(owner, client.id);
    // The dry run wrote nothing: no booking, no place taken.
    expect(await owner.db.select().from(bookings).where(eq(bookings.sessionId, open.id))).toHaveLength(0);
  });

  it("B1: a full, started or cancelled session and a free plan are refused before Stripe", async () => {
    const { owner, client, member } = await setup();
    const { session: full } = await makeSession(owner, { startsAt: inDays(7), capacity: 1 });
    const other = await makeClient(owner, "Ola");
    await bookSession(owner, { sessionId: full.id, clientId: other.id });
    stripe.clear();
    await expect(startCheckout(member, { sessionId: full.id, origin })).rejects.toMatchObject({ code: "class_full" });
    const { session: past } = await makeSession(owner, { startsAt: inDays(-1) });
    await expect(startCheckout(member, { sessionId: past.id, origin })).rejects.toMatchObject({
      code: "session_started",
    });
    const free = await makePlan(owner, PLANS.fixed(30, { public: true, priceCents: 0 }));
    expect(await checkoutNeeded(member, { planId: free.id })).toBe(false);
    await expect(startCheckout(member, { planId: free.id, origin })).rejects.toMatchObject({ code: "nothing_to_pay" });
    await expectNothingSent(owner, client.id);
  });

  it("P0: only a member buys through checkout; another studio's plan is not found", async () => {
    const { owner, client, member } = await setup();
    const plan = await makePlan(owner, PLANS.pack(8, 60, { public: true }));
    await expect(startCheckout(owner, { planId: plan.id, origin })).rejects.toMatchObject({ code: "forbidden" });
    const elsewhere: TestStudio = await makeStudio();
    const theirs = await makePlan(await elsewhere.owner(), PLANS.pack(8, 60, { public: true }));
    stripe.clear();
    await expect(startCheckout(member, { planId: theirs.id, origin })).rejects.toMatchObject({ code: "not_found" });
    await expect(getMyCheckout(member, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({
      code: "not_found",
    });
    await expectNothingSent(owner, client.id);
  });
});
