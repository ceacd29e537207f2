import { z } from "zod";
import type { Membership, MembershipPlan, MembershipStatus } from "@/db/schema";
import { requireRole, type Ctx } from "@/lib/core/ctx";
import { ForbiddenError, NotFoundError, RuleError } from "@/lib/core/errors";
import { parseInput } from "@/lib/core/validation";
import { cancelMembership } from "@/lib/memberships/change-membership";
import { effectiveStatus } from "@/lib/memberships/effective-status";
import { listClientMemberships } from "@/lib/memberships/client-memberships";
import { loadMembership } from "@/lib/memberships/get-membership";
import { getPlan } from "@/lib/plans/plans";
import { isStripeError } from "./client";
import { studioStripe, stripeFailure } from "./connect";

export const CancelMyMembershipInput = z.object({ membershipId: z.uuid({ error: "Choose a membership." }) });

/**
 * P0, M8 self-service: a member cancels its own recurring membership in one
 * step, as easily as it joined. A Stripe subscription is cancelled at Stripe
 * first, on the studio's connected account (so billing stops; the webhook
 * confirms it later), then the membership is cancelled here at once through
 * `cancelMembership`, so the member sees it. A membership paid at the studio
 * is cancelled through `cancelMembership` alone. Packs and fixed passes end by
 * themselves and are not cancelled here.
 */
export async function cancelMyMembership(ctx: Ctx, raw: z.input<typeof CancelMyMembershipInput>): Promise<Membership> {
  requireRole(ctx, "member");
  if (ctx.actor.kind !== "member") throw new ForbiddenError("Only the member cancels their own membership here.");
  const { membershipId } = parseInput(CancelMyMembershipInput, raw);
  const m = await loadMembership(ctx, membershipId);
  if (m.clientId !== ctx.actor.clientId) throw new NotFoundError("Membership");
  const plan = await getPlan(ctx, m.planId);
  if (plan.kind !== "recurring") {
    throw new RuleError("not_recurring", "Only a recurring membership can be cancelled here. Packs and passes end by themselves; ask the studio about a refund.");
  }
  const status = effectiveStatus(m, ctx.now);
  if (status === "cancelled" || status === "expired") throw new RuleError("membership_not_active", `This membership is already ${status}.`);

  if (m.stripeSubscriptionId) {
    const connected = await studioStripe(ctx, { requireCharges: false });
    if (!connected) {
      throw new RuleError("stripe_not_configured", `Card payments at ${ctx.studio.name} are switched off just now, so the subscription cannot be stopped here. Ask the studio to cancel it.`);
    }
    try {
      await connected.stripe.subscriptions.cancel(m.stripeSubscriptionId, {}, { stripeAccount: connected.accountId });
    } catch (e) {
      // Already gone at Stripe (cancelled there before): nothing left to stop, so cancel ours.
      if (!(isStripeError(e) && e.code === "resource_missing")) stripeFailure(e, "stop the subscription");
    }
  }
  // cancelMembership is a staff verb: the member's ownership was checked above, and the audit names the portal.
  return cancelMembership({ ...ctx, actor: { kind: "system", reason: `member ${ctx.actor.userId} in the portal` } }, m.id, {
    reason: "Cancelled by the member in the portal",
  });
}

export type MyRecurringMembership = {
  membership: Pick<Membership, "id" | "startsAt" | "endsAt" | "currentPeriodEnd" | "cancelledAt">;
  plan: Pick<MembershipPlan, "id" | "name" | "interval" | "priceCents" | "currency">;
  status: MembershipStatus;
  /** Billed by a Stripe subscription (cancelling stops it at Stripe), rather than paid at the studio. */
  billedByStripe: boolean;
  /** The member may cancel it here (M8): not cancelled or expired yet. */
  cancellable: boolean;
};

/** The member's own recurring memberships (not a company's, M7), newest first, for self-service cancelling (M8). */
export async function listMyRecurringMemberships(ctx: Ctx): Promise<MyRecurringMembership[]> {
  requireRole(ctx, "member");
  if (ctx.actor.kind !== "member") throw new ForbiddenError("Only the member lists their own memberships here.");
  const held = await listClientMemberships(ctx, ctx.actor.clientId);
  return held
    .filter((h) => !h.inherited && h.plan.kind === "recurring")
    .map(({ membership: m, plan, status }) => ({
      membership: { id: m.id, startsAt: m.startsAt, endsAt: m.endsAt, currentPeriodEnd: m.currentPeriodEnd, cancelledAt: m.cancelledAt },
      plan: { id: plan.id, name: plan.name, interval: plan.interval, priceCents: plan.priceCents, currency: plan.currency },
      status,
      billedByStripe: m.stripeSubscriptionId !== null,
      cancellable: status !== "cancelled" && status !== "expired",
    }));
}
