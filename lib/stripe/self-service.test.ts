import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { clients, memberships } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { loadMembership } from "@/lib/memberships/get-membership";
import { makeStudio } from "@/lib/testing/fixtures";
import { makeClient, makePlan, PLANS } from "@/lib/testing/membership-fixtures";
import { startTestStripe, type TestStripe } from "@/lib/testing/stripe-server";
import { openBillingPortal } from "./billing-portal";
import { cancelMyMembership, listMyRecurringMemberships } from "./cancel-my-membership";
import { refreshStripeAccount, startStripeConnect } from "./connect";

const origin = "https://roster.example.test";
let stripe: TestStripe;
let restore: (() => void) | undefined;

beforeAll(async () => {
  stripe = await startTestStripe();
});
afterAll(async () => {
  await stripe.close();
});
afterEach(() => {
  restore?.();
  restore = undefined;
  stripe.clear();
  stripe.chargesEnabled = false;
});

async function setup() {
  restore = stripe.useForStripe();
  const s = await makeStudio();
  const owner = await s.owner();
  const { accountId } = await startStripeConnect(owner, { origin });
  stripe.chargesEnabled = true;
  await refreshStripeAccount(owner);
  const client = await makeClient(owner, "Maja");
  const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id });
  stripe.clear();
  return { s, owner, client, member, accountId };
}

/** A recurring membership sold through Stripe (as the webhook leaves it: subscription and customer ids stored). */
async function stripeMembership(owner: Ctx, clientId: string, subscriptionId: string) {
  const plan = await makePlan(owner, PLANS.monthly({ public: true }));
  const { membership } = await assignMembership(owner, { planId: plan.id, clientId, paymentMethod: "cash" });
  await owner.db
    .update(memberships)
    .set({ stripeSubscriptionId: subscriptionId, stripeCustomerId: "cus_test_x" })
    .where(and(eq(memberships.studioId, owner.studio.id), eq(memberships.id, membership.id)));
  return membership;
}

describe("member self-service (P0, M8)", () => {
  it("M8: cancelling a Stripe membership cancels the subscription on the connected account, and ours at once", async () => {
    const { owner, client, member, accountId } = await setup();
    const m = await stripeMembership(owner, client.id, "sub_test_maja");
    const cancelled = await cancelMyMembership(member, { membershipId: m.id });
    expect(cancelled.status).toBe("cancelled");

    const [call] = stripe.calls("/v1/subscriptions/sub_test_maja", "DELETE");
    expect(call!.stripeAccount).toBe(accountId);
    expect(stripe.requests).toHaveLength(1);
    expect((await loadMembership(owner, m.id)).status).toBe("cancelled");
    await expect(cancelMyMembership(member, { membershipId: m.id })).rejects.toMatchObject({ code: "membership_not_active" });
    expect(stripe.requests).toHaveLength(1);
  });

  it("M8: when Stripe refuses, nothing changes here; an already-deleted subscription still cancels ours", async () => {
    const { owner, client, member } = await setup();
    const m = await stripeMembership(owner, client.id, "sub_test_down");
    stripe.on("DELETE", /^\/v1\/subscriptions\/sub_test_down$/, () => ({ status: 500, body: { error: { type: "api_error", message: "boom" } } }));
    await expect(cancelMyMembership(member, { membershipId: m.id })).rejects.toMatchObject({ code: "stripe_error" });
    expect((await loadMembership(owner, m.id)).status).toBe("active");

    const gone = await stripeMembership(owner, client.id, "sub_test_gone");
    stripe.on("DELETE", /^\/v1\/subscriptions\/sub_test_gone$/, () => ({
      status: 404,
      body: { error: { type: "invalid_request_error", code: "resource_missing", message: "No such subscription" } },
    }));
    expect((await cancelMyMembership(member, { membershipId: gone.id })).status).toBe("cancelled");
  });

  it("M8: a recurring membership paid at the studio is cancelled with no Stripe call; packs are not cancelled here", async () => {
    const { owner, client, member } = await setup();
    const monthly = await makePlan(owner, PLANS.monthly({ public: true }));
    const { membership } = await assignMembership(member, { planId: monthly.id, clientId: client.id, source: "purchase" });
    expect((await cancelMyMembership(member, { membershipId: membership.id })).status).toBe("cancelled");

    const pack = await makePlan(owner, PLANS.pack(8, 60, { public: true }));
    const { membership: p } = await assignMembership(member, { planId: pack.id, clientId: client.id, source: "purchase" });
    await expect(cancelMyMembership(member, { membershipId: p.id })).rejects.toMatchObject({ code: "not_recurring" });
    expect((await loadMembership(owner, p.id)).status).toBe("active");
    expect(stripe.requests).toHaveLength(0);
  });

  it("M8: the member's list shows only its own recurring memberships, which are billed by Stripe, and which can still be cancelled", async () => {
    const { owner, client, member } = await setup();
    const viaStripe = await stripeMembership(owner, client.id, "sub_test_list");
    const pack = await makePlan(owner, PLANS.pack(8, 60, { public: true }));
    await assignMembership(member, { planId: pack.id, clientId: client.id, source: "purchase" });
    const other = await makeClient(owner, "Ola");
    await stripeMembership(owner, other.id, "sub_test_other");
    const before = await listMyRecurringMemberships(member);
    expect(before.map((m) => [m.membership.id, m.billedByStripe, m.cancellable])).toEqual([[viaStripe.id, true, true]]);
    await cancelMyMembership(member, { membershipId: viaStripe.id });
    expect((await listMyRecurringMemberships(member))[0]).toMatchObject({ status: "cancelled", cancellable: false });
    await expect(listMyRecurringMemberships(owner)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("M8: another client's membership is not found and stays as it was", async () => {
    const { owner, member } = await setup();
    const other = await makeClient(owner, "Ola");
    const m = await stripeMembership(owner, other.id, "sub_test_ola");
    await expect(cancelMyMembership(member, { membershipId: m.id })).rejects.toMatchObject({ code: "not_found" });
    expect((await loadMembership(owner, m.id)).status).toBe("active");
    expect(stripe.requests).toHaveLength(0);
  });

  it("P0: the billing portal opens for the client's own customer on the connected account", async () => {
    const { s, owner, client, member, accountId } = await setup();
    await owner.db.update(clients).set({ stripeCustomerId: "cus_test_maja" }).where(and(eq(clients.studioId, s.studio.id), eq(clients.id, client.id)));
    const { url } = await openBillingPortal(member, { origin });
    expect(url).toMatch(/^https:\/\/billing\.stripe\.test\//);
    const [call] = stripe.calls("/v1/billing_portal/sessions", "POST");
    expect(call!.stripeAccount).toBe(accountId);
    expect(call!.form).toMatchObject({ customer: "cus_test_maja", return_url: `${origin}/s/${s.studio.slug}/memberships` });
  });

  it("P0: the billing portal for a client without a Stripe customer is a clear refusal, nothing sent", async () => {
    const { member } = await setup();
    await expect(openBillingPortal(member, { origin })).rejects.toMatchObject({ code: "no_card_on_file", message: expect.stringMatching(/no card on file/) });
    expect(stripe.requests).toHaveLength(0);
  });
});
