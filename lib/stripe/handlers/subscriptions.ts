import { and, eq, ne } from "drizzle-orm";
import type Stripe from "stripe";
import { checkouts, memberships, type Membership } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import type { Ctx } from "@/lib/core/ctx";
import { isUuid } from "@/lib/core/validation";
import { cancelMembership } from "@/lib/memberships/change-membership";
import { effectiveStatus } from "@/lib/memberships/effective-status";
import { mailPaymentFailed } from "@/lib/memberships/payment-failed";
import { recordStripePayment } from "@/lib/payments/stripe-payments";
import { CHECKOUT_ID_KEYS, idOf, metadataValue, RetryLaterError, type HandlerInput, type Outcome } from "./types";

/** Our membership status for a Stripe subscription status (M3): only a paid-up subscription grants rights. */
export function membershipStatusFor(status: Stripe.Subscription.Status): "active" | "past_due" | "cancelled" {
  switch (status) {
    case "active":
    case "trialing":
      return "active";
    case "canceled":
    case "incomplete_expired":
      return "cancelled";
    default:
      // past_due, unpaid, incomplete, paused: money is owed or collection stopped, so no rights (M3).
      // Not "suspended": that status means an M9 window and reads as active outside one.
      return "past_due";
  }
}

export type BillingState = {
  status: "active" | "past_due" | "cancelled";
  currentPeriodEnd: Date | null;
  authoritative: boolean;
};

/** The billing state of a subscription as Stripe has it: status, and the paid-up period's end (the latest of its items). */
export function billingStateOf(sub: Stripe.Subscription): BillingState {
  const ends = (sub.items?.data ?? [])
    .map((i) => i.current_period_end)
    .filter((n): n is number => typeof n === "number");
  return {
    status: membershipStatusFor(sub.status),
    currentPeriodEnd: ends.length ? new Date(Math.max(...ends) * 1000) : null,
    authoritative: true,
  };
}

/** The subscription an invoice bills, if any. */
export function invoiceSubscriptionId(invoice: Stripe.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription ?? null);
}

async function membershipForSubscription(ctx: Ctx, subscriptionId: string): Promise<Membership | null> {
  const [m] = await ctx.db
    .select()
    .from(memberships)
    .where(and(eq(memberships.studioId, ctx.studio.id), eq(memberships.stripeSubscriptionId, subscriptionId)))
    .for("update");
  return m ?? null;
}

/**
 * P0, M3: writes a subscription's billing state onto its membership, as a
 * state (never an increment), so events applied in any order end on what
 * Stripe says. Cancelled and expired are final (M4): a late "active" never
 * reopens a membership. Cancelling goes through `cancelMembership` (M8).
 * Without a re-fetched subscription (`authoritative: false`, no Stripe client)
 * the period end only moves forward.
 */
export async function applyBillingState(ctx: Ctx, m: Membership, state: BillingState, why: string): Promise<string> {
  const current = effectiveStatus(m, ctx.now);
  if (current === "cancelled" || current === "expired") return `membership already ${current}: unchanged`;
  if (state.status === "cancelled") {
    await cancelMembership(ctx, m.id, { reason: why });
    return "membership cancelled";
  }
  const periodEnd =
    state.authoritative ||
    !m.currentPeriodEnd ||
    (state.currentPeriodEnd && state.currentPeriodEnd > m.currentPeriodEnd)
      ? (state.currentPeriodEnd ?? m.currentPeriodEnd)
      : m.currentPeriodEnd;
  await ctx.db
    .update(memberships)
    .set({ status: state.status, currentPeriodEnd: periodEnd, updatedAt: ctx.now })
    .where(and(eq(memberships.studioId, ctx.studio.id), eq(memberships.id, m.id)));
  if (m.status !== state.status || m.currentPeriodEnd?.getTime() !== periodEnd?.getTime()) {
    await audit(ctx, {
      action: "membership.billing_state",
      table: "memberships",
      rowId: m.id,
      data: { from: m.status, to: state.status, currentPeriodEnd: periodEnd?.toISOString() ?? null, why },
    });
  }
  return `membership ${state.status}`;
}

/**
 * An invoice of a subscription Roster does not know yet: if it names one of
 * our open checkouts, the checkout's completion has not been applied yet, so
 * the event waits for Stripe's next delivery; otherwise it is not ours.
 */
async function unknownSubscription(ctx: Ctx, metadata: Stripe.Metadata | null | undefined): Promise<Outcome> {
  const checkoutId = metadataValue(metadata, CHECKOUT_ID_KEYS);
  if (checkoutId && isUuid(checkoutId)) {
    const [open] = await ctx.db
      .select({ id: checkouts.id })
      .from(checkouts)
      .where(
        and(eq(checkouts.studioId, ctx.studio.id), eq(checkouts.id, checkoutId), ne(checkouts.status, "completed")),
      );
    if (open) throw new RetryLaterError(`Checkout ${checkoutId} is not completed yet; this event applies after it.`);
  }
  return { effect: "subscription not sold by Roster: ignored" };
}

/**
 * `invoice.paid` (P0): the period is renewed, the membership active, with the
 * state re-fetched from the subscription (an older `customer.subscription.updated`
 * arriving later cannot undo it), and the money recorded once per payment
 * intent. Money of a subscription comes only from invoices, the first included
 * (see checkout.ts), so nothing is counted twice.
 */
export async function invoicePaid({ ctx, object: invoice, fetched }: HandlerInput<Stripe.Invoice>): Promise<Outcome> {
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (!subscriptionId) return { effect: "invoice without subscription: ignored" };
  const m = await membershipForSubscription(ctx, subscriptionId);
  if (!m)
    return unknownSubscription(ctx, invoice.parent?.subscription_details?.metadata ?? fetched.subscription?.metadata);

  const lineEnds = (invoice.lines?.data ?? [])
    .map((l) => l.period?.end)
    .filter((n): n is number => typeof n === "number");
  const state: BillingState = fetched.subscription
    ? billingStateOf(fetched.subscription)
    : {
        status: "active",
        currentPeriodEnd: lineEnds.length ? new Date(Math.max(...lineEnds) * 1000) : null,
        authoritative: false,
      };
  const effect = await applyBillingState(ctx, m, state, "invoice paid");

  if (invoice.amount_paid > 0 && m.clientId) {
    const { created } = await recordStripePayment(ctx, {
      clientId: m.clientId,
      membershipId: m.id,
      amountCents: invoice.amount_paid,
      currency: invoice.currency.toUpperCase(),
      paymentIntentId: fetched.invoicePaymentIntentId ?? null,
      description: invoice.number ? `Invoice ${invoice.number}` : "Subscription invoice",
    });
    return { effect: `${effect}; payment ${created ? "recorded" : "settled or already recorded"}` };
  }
  return { effect };
}

/** `invoice.payment_failed` (P0, M3): the membership goes `past_due`, which stops booking, unless Stripe says it is paid up again. */
export async function invoicePaymentFailed({
  ctx,
  object: invoice,
  fetched,
}: HandlerInput<Stripe.Invoice>): Promise<Outcome> {
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (!subscriptionId) return { effect: "invoice without subscription: ignored" };
  const m = await membershipForSubscription(ctx, subscriptionId);
  if (!m) return { effect: "subscription not known: ignored" };
  const state: BillingState = fetched.subscription
    ? billingStateOf(fetched.subscription)
    : { status: "past_due", currentPeriodEnd: null, authoritative: false };
  const effect = await applyBillingState(ctx, m, state, "invoice payment failed");
  if (state.status !== "past_due" || effect !== "membership past_due") return { effect };
  const mailed = await mailPaymentFailed(ctx, m, invoice.id ?? `${subscriptionId}:${invoice.created}`);
  return { effect: mailed ? `${effect}; member mailed to update the card` : effect };
}

/**
 * `customer.subscription.updated` and `.deleted` (P0): the membership takes
 * the subscription's status (re-fetched when possible, since these events may
 * arrive out of order); a deleted subscription cancels it.
 */
export async function subscriptionChanged({
  ctx,
  event,
  object: sub,
  fetched,
}: HandlerInput<Stripe.Subscription>): Promise<Outcome> {
  const m = await membershipForSubscription(ctx, sub.id);
  if (!m) return { effect: "subscription not known: ignored" };
  const state: BillingState =
    event.type === "customer.subscription.deleted"
      ? { status: "cancelled", currentPeriodEnd: null, authoritative: true }
      : billingStateOf(fetched.subscription ?? sub);
  if (!fetched.subscription) state.authoritative = event.type === "customer.subscription.deleted";
  return {
    effect: await applyBillingState(
      ctx,
      m,
      state,
      event.type === "customer.subscription.deleted"
        ? "subscription ended in Stripe"
        : "subscription updated in Stripe",
    ),
  };
}
