import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { memberships, type Membership, type MembershipPlan, type MembershipStatus } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requireMemberActor } from "@/lib/core/permissions";
import { ForbiddenError, NotFoundError, RuleError } from "@/lib/core/errors";
import { parseInput } from "@/lib/core/validation";
import { cancelMembership } from "@/lib/memberships/change-membership";
import { effectiveStatus } from "@/lib/memberships/effective-status";
import { listClientMemberships } from "@/lib/memberships/client-memberships";
import { loadMembership } from "@/lib/memberships/get-membership";
import { billingPeriodContaining } from "@/lib/memberships/membership-input";
import { getPlan } from "@/lib/plans/plans";
import { isStripeError } from "./client";
import { studioStripe, stripeFailure } from "./connect";

export const CancelMyMembershipInput = z.object({ membershipId: z.uuid({ error: "Choose a membership." }) });

/**
 * P0, M8, O5 self-service: a member cancels its own recurring membership in
 * one step, as easily as it joined, and keeps it until the end of the period
 * already paid: the membership gets that end (`endsAt`, so M4 ends it then)
 * and `cancelledAt` now, and a Stripe subscription is set to stop at its
 * period end on the studio's connected account (billing stops; the webhook
 * confirms it later). A period that has already run out (nothing paid ahead)
 * ends at once through `cancelMembership`. Staff ending a membership now use
 * `cancelMembership` themselves. Packs and fixed passes end by themselves and
 * are not cancelled here.
 */
export async function cancelMyMembership(ctx: Ctx, raw: z.input<typeof CancelMyMembershipInput>): Promise<Membership> {
  requireMemberActor(ctx);
  if (ctx.actor.kind !== "member") throw new ForbiddenError("Only the member cancels their own membership here.");
  const { membershipId } = parseInput(CancelMyMembershipInput, raw);
  const m = await loadMembership(ctx, membershipId);
  if (m.clientId !== ctx.actor.clientId) throw new NotFoundError("Membership");
  const plan = await getPlan(ctx, m.planId);
  if (plan.kind !== "recurring") {
    throw new RuleError(
      "not_recurring",
      "Only a recurring membership can be cancelled here. Packs and passes end by themselves; ask the studio about a refund.",
    );
  }
  const status = effectiveStatus(m, ctx.now);
  if (status === "cancelled" || status === "expired")
    throw new RuleError("membership_not_active", `This membership is already ${status}.`);
  if (m.cancelledAt)
    throw new RuleError(
      "membership_not_active",
      "This membership is already cancelled; it ends at the end of the period paid.",
    );

  // O5: the end of the period already paid: Stripe's paid-up period, else the billing period running now.
  const paidUntil = m.currentPeriodEnd ?? billingPeriodContaining(m.startsAt, plan.interval, ctx.now)[1];
  const endsAt = m.endsAt && m.endsAt < paidUntil ? m.endsAt : paidUntil;
  const atOnce = endsAt <= ctx.now || m.startsAt > ctx.now;

  if (m.stripeSubscriptionId) {
    const connected = await studioStripe(ctx, { requireCharges: false });
    if (!connected) {
      throw new RuleError(
        "stripe_not_configured",
        `Card payments at ${ctx.studio.name} are switched off just now, so the subscription cannot be stopped here. Ask the studio to cancel it.`,
      );
    }
    try {
      if (atOnce)
        await connected.stripe.subscriptions.cancel(m.stripeSubscriptionId, {}, { stripeAccount: connected.accountId });
      else
        await connected.stripe.subscriptions.update(
          m.stripeSubscriptionId,
          { cancel_at_period_end: true },
          { stripeAccount: connected.accountId },
        );
    } catch (e) {
      // Already gone at Stripe (cancelled there before): nothing left to stop, so cancel ours.
      if (!(isStripeError(e) && e.code === "resource_missing")) stripeFailure(e, "stop the subscription");
    }
  }
  // cancelMembership is a staff verb: the member's ownership was checked above, and the audit names the portal.
  const system = { ...ctx, actor: { kind: "system" as const, reason: `member ${ctx.actor.userId} in the portal` } };
  if (atOnce) return cancelMembership(system, m.id, { reason: "Cancelled by the member in the portal" });
  return inTransaction(system, async (tx) => {
    const [row] = await tx.db
      .update(memberships)
      .set({ endsAt, cancelledAt: ctx.now, updatedAt: ctx.now })
      .where(and(eq(memberships.studioId, ctx.studio.id), eq(memberships.id, m.id), isNull(memberships.cancelledAt)))
      .returning();
    if (!row) throw new RuleError("membership_not_active", "This membership is already cancelled.");
    await audit(tx, {
      action: "membership.cancelled",
      table: "memberships",
      rowId: m.id,
      data: { reason: "Cancelled by the member in the portal", endsAt: endsAt.toISOString() },
    });
    return row;
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
  /** O5: the end of the period paid, where a cancel made now would end it (or has ended it). */
  paidUntil: Date;
};

/** The member's own recurring memberships (not a company's, M7), newest first, for self-service cancelling (M8). */
export async function listMyRecurringMemberships(ctx: Ctx): Promise<MyRecurringMembership[]> {
  requireMemberActor(ctx);
  if (ctx.actor.kind !== "member") throw new ForbiddenError("Only the member lists their own memberships here.");
  const held = await listClientMemberships(ctx, ctx.actor.clientId);
  return held
    .filter((h) => !h.inherited && h.plan.kind === "recurring")
    .map(({ membership: m, plan, status }) => ({
      membership: {
        id: m.id,
        startsAt: m.startsAt,
        endsAt: m.endsAt,
        currentPeriodEnd: m.currentPeriodEnd,
        cancelledAt: m.cancelledAt,
      },
      plan: {
        id: plan.id,
        name: plan.name,
        interval: plan.interval,
        priceCents: plan.priceCents,
        currency: plan.currency,
      },
      status,
      billedByStripe: m.stripeSubscriptionId !== null,
      cancellable: status !== "cancelled" && status !== "expired" && m.cancelledAt === null,
      paidUntil:
        m.cancelledAt && m.endsAt
          ? m.endsAt
          : (m.currentPeriodEnd ?? billingPeriodContaining(m.startsAt, plan.interval, ctx.now)[1]),
    }));
}
