import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { clients, memberships } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { cancelMembership } from "@/lib/memberships/change-membership";
import { effectiveStatus, grantsRights } from "@/lib/memberships/effective-status";
import { loadMembership } from "@/lib/memberships/get-membership";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { stripeRecorderForFile } from "@/test/support/stripe-fixtures";
import { openBillingPortal } from "./billing-portal";
import { cancelMyMembership, listMyRecurringMemberships } from "./cancel-my-membership";

const origin = "https://roster.example.test";
const { stripe, connectedStudio } = stripeRecorderForFile();

const setup = () => connectedStudio({ memberUserId: "owner" });

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
  it("M8, O5: cancelling a Stripe membership stops the subscription at its period end on the connected account; ours stays active until then", async () => {
    const { owner, client, member, accountId } = await setup();
    const m = await stripeMembership(owner, client.id, "sub_test_maja");
    const cancelled = await cancelMyMembership(member, { membershipId: m.id });
    expect(cancelled.status).toBe("active");
    expect(cancelled.cancelledAt).not.toBeNull();
    const periodEnd = new Date(m.startsAt);
    periodEnd.setUTCMonth(periodEnd.getUTCMonth() + 1);
    expect(cancelled.endsAt?.toISOString()).toBe(periodEnd.toISOString());

    const [call] = stripe.calls("/v1/subscriptions/sub_test_maja", "POST");
    expect(call!.stripeAccount).toBe(accountId);
    expect(call!.form.cancel_at_period_end).toBe("true");
    expect(stripe.requests).toHaveLength(1);
    const after = await loadMembership(owner, m.id);
    expect(effectiveStatus(after, member.now)).toBe("active");
    expect(effectiveStatus(after, periodEnd)).toBe("expired");
    await expect(cancelMyMembership(member, { membershipId: m.id })).rejects.toMatchObject({
      code: "membership_not_active",
    });
    expect(stripe.requests).toHaveLength(1);
  });

  it("M8: when Stripe refuses, nothing changes here; an already-deleted subscription still cancels ours", async () => {
    const { owner, client, member } = await setup();
    const m = await stripeMembership(owner, client.id, "sub_test_down");
    stripe.on("POST", /^\/v1\/subscriptions\/sub_test_down$/, () => ({
      status: 500,
      body: { error: { type: "api_error", message: "boom" } },
    }));
    await expect(cancelMyMembership(member, { membershipId: m.id })).rejects.toMatchObject({ code: "stripe_error" });
    expect((await loadMembership(owner, m.id)).cancelledAt).toBeNull();

    const gone = await stripeMembership(owner, client.id, "sub_test_gone");
    stripe.on("POST", /^\/v1\/subscriptions\/sub_test_gone$/, () => ({
      status: 404,
      body: { error: { type: "invalid_request_error", code: "resource_missing", message: "No such subscription" } },
    }));
    expect((await cancelMyMembership(member, { membershipId: gone.id })).cancelledAt).not.toBeNull();
  });

  it("M8, O5: a recurring membership paid at the studio keeps its rights to the end of the period paid, with no Stripe call; staff can still end it now; packs are not cancelled here", async () => {
    const { owner, client, member } = await setup();
    const monthly = await makePlan(owner, PLANS.monthly({ public: true }));
    const { membership } = await assignMembership(member, {
      planId: monthly.id,
      clientId: client.id,
      source: "purchase",
    });
    const scheduled = await cancelMyMembership(member, { membershipId: membership.id });
    expect(scheduled.status).toBe("active");
    expect(grantsRights(scheduled, member.now)).toBe(true);
    expect(scheduled.endsAt!.getTime()).toBeGreaterThan(member.now.getTime());
    expect(grantsRights(scheduled, scheduled.endsAt!)).toBe(false);
    await expect(cancelMyMembership(member, { membershipId: membership.id })).rejects.toMatchObject({
      code: "membership_not_active",
    });
    // O5: staff end it at once.
    expect((await cancelMembership(owner, membership.id)).status).toBe("cancelled");

    const pack = await makePlan(owner, PLANS.pack(8, 60, { public: true }));
    const { membership: p } = await assignMembership(member, {
      planId: pack.id,
      clientId: client.id,
      source: "purchase",
    });
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
    expect((await listMyRecurringMemberships(member))[0]).toMatchObject({ status: "active", cancellable: false });
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
    await owner.db
      .update(clients)
      .set({ stripeCustomerId: "cus_test_maja" })
      .where(and(eq(clients.studioId, s.studio.id), eq(clients.id, client.id)));
    const { url } = await openBillingPortal(member, { origin });
    expect(url).toMatch(/^https:\/\/billing\.stripe\.test\//);
    const [call] = stripe.calls("/v1/billing_portal/sessions", "POST");
    expect(call!.stripeAccount).toBe(accountId);
    expect(call!.form).toMatchObject({
      customer: "cus_test_maja",
      return_url: `${origin}/s/${s.studio.slug}/memberships`,
    });
  });

  it("P0: the billing portal for a client without a Stripe customer is a clear refusal, nothing sent", async () => {
    const { member } = await setup();
    await expect(openBillingPortal(member, { origin })).rejects.toMatchObject({
      code: "no_card_on_file",
      message: expect.stringMatching(/no card on file/),
    });
    expect(stripe.requests).toHaveLength(0);
  });
});
