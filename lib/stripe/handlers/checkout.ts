import { and, eq, inArray, isNull } from "drizzle-orm";
import type Stripe from "stripe";
import { checkouts, clients, memberships, type Checkout } from "@/db/schema";
import { bookSession } from "@/lib/bookings/book-session";
import { mailAboutBooking } from "@/lib/bookings/mails";
import { audit } from "@/lib/core/audit";
import type { Ctx } from "@/lib/core/ctx";
import { DomainError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/validation";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { recordStripePayment } from "@/lib/payments/stripe-payments";
import { applyBillingState, billingStateOf } from "./subscriptions";
import { CHECKOUT_ID_KEYS, idOf, metadataValue, type HandlerInput, type Outcome } from "./types";

/** Our checkout id on a Checkout session: `client_reference_id`, else its metadata. */
export function checkoutIdOf(session: Stripe.Checkout.Session): string | null {
  const id = session.client_reference_id ?? metadataValue(session.metadata, CHECKOUT_ID_KEYS);
  return id && isUuid(id) ? id : null;
}

/**
 * `checkout.session.completed` and `checkout.session.async_payment_succeeded`
 * (P0): grants what our checkout row sold, once.
 *
 * Where the money is recorded (one source per mode, so nothing counts twice):
 *  - payment mode (packs, fixed plans, drop-ins): here, by marking the sale's
 *    payment due paid with the session's payment intent;
 *  - subscription mode (recurring plans): by `invoice.paid`, for every invoice
 *    including the first; the sale's payment due stays due until that invoice
 *    settles it (an `invoice.paid` that arrives first waits for this event).
 *
 * Paid, but the sale is refused now (the class filled up or started, the
 * client already booked, the plan was archived, S5): the money is recorded as
 * a paid payment on neither membership nor booking, the checkout completes,
 * and the audit log holds `stripe.checkout.refund_needed` with the reason, for
 * the owner to refund in Stripe (`charge.refunded` then records the refund).
 */
export async function checkoutCompleted({ ctx, object: session, fetched }: HandlerInput<Stripe.Checkout.Session>): Promise<Outcome> {
  if (session.payment_status === "unpaid") return { effect: "paid later (async): waiting for async_payment_succeeded" };
  const checkoutId = checkoutIdOf(session);
  if (!checkoutId) return { effect: "not a Roster checkout: ignored" };

  // Check-and-change: only one delivery (or event type) completes a checkout. An
  // expired row still completes: Stripe took the money, so it is never dropped.
  const [co] = await ctx.db
    .update(checkouts)
    .set({ status: "completed", completedAt: ctx.now })
    .where(and(eq(checkouts.studioId, ctx.studio.id), eq(checkouts.id, checkoutId), inArray(checkouts.status, ["open", "expired"])))
    .returning();
  if (!co) {
    const [known] = await ctx.db
      .select({ id: checkouts.id })
      .from(checkouts)
      .where(and(eq(checkouts.studioId, ctx.studio.id), eq(checkouts.id, checkoutId)));
    return { effect: known ? "checkout already completed" : "checkout not found in this studio: ignored" };
  }

  const customerId = idOf(session.customer);
  const subscriptionId = session.mode === "subscription" ? idOf(session.subscription) : null;
  const paymentIntentId = idOf(session.payment_intent);
  if (!co.stripeCheckoutSessionId) {
    await ctx.db
      .update(checkouts)
      .set({ stripeCheckoutSessionId: session.id })
      .where(and(eq(checkouts.studioId, ctx.studio.id), eq(checkouts.id, co.id)));
  }
  if (customerId) {
    await ctx.db
      .update(clients)
      .set({ stripeCustomerId: customerId })
      .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, co.clientId), isNull(clients.stripeCustomerId)));
  }
  const money = {
    clientId: co.clientId,
    amountCents: session.amount_total ?? co.amountCents,
    currency: co.currency,
    paymentIntentId,
    checkoutSessionId: session.id,
  };

  if (co.kind === "membership") {
    let membershipId: string;
    try {
      ({
        membership: { id: membershipId },
      } = await assignMembership(ctx, { planId: co.planId!, clientId: co.clientId, source: "purchase" }));
    } catch (e) {
      if (e instanceof DomainError) return refundNeeded(ctx, co, e, { ...money, paymentIntentId: subscriptionId ? null : paymentIntentId });
      throw e;
    }
    await ctx.db
      .update(memberships)
      .set({ stripeCustomerId: customerId, stripeSubscriptionId: subscriptionId, updatedAt: ctx.now })
      .where(and(eq(memberships.studioId, ctx.studio.id), eq(memberships.id, membershipId)));
    await ctx.db
      .update(checkouts)
      .set({ membershipId })
      .where(and(eq(checkouts.studioId, ctx.studio.id), eq(checkouts.id, co.id)));
    if (subscriptionId) {
      if (fetched.subscription) {
        const [m] = await ctx.db
          .select()
          .from(memberships)
          .where(and(eq(memberships.studioId, ctx.studio.id), eq(memberships.id, membershipId)));
        await applyBillingState(ctx, m!, billingStateOf(fetched.subscription), "subscription started");
      }
      return { effect: "membership created (subscription; money from invoice.paid)" };
    }
    await recordStripePayment(ctx, { ...money, membershipId, description: "Bought online" });
    return { effect: "membership created and paid" };
  }

  let booking;
  try {
    ({ booking } = await bookSession(ctx, { sessionId: co.classSessionId!, clientId: co.clientId, by: "member" }, { guest: true, notify: false }));
  } catch (e) {
    if (e instanceof DomainError) return refundNeeded(ctx, co, e, money);
    throw e;
  }
  await ctx.db
    .update(checkouts)
    .set({ bookingId: booking.id })
    .where(and(eq(checkouts.studioId, ctx.studio.id), eq(checkouts.id, co.id)));
  await recordStripePayment(ctx, { ...money, bookingId: booking.id });
  return {
    effect: "drop-in booked and paid",
    after: (outside) => mailAboutBooking(outside, "booking_confirmed", { sessionId: booking.sessionId, clientId: booking.clientId }),
  };
}

/** Paid, but the sale cannot be granted: keep the money on record and say loudly that it must be refunded. */
async function refundNeeded(
  ctx: Ctx,
  co: Checkout,
  error: DomainError,
  money: Parameters<typeof recordStripePayment>[1],
): Promise<Outcome> {
  const what = co.kind === "membership" ? "Membership" : "Drop-in";
  const { payment } = await recordStripePayment(ctx, {
    ...money,
    description: `${what} not granted (${error.code}): refund due`,
  });
  await audit(ctx, {
    action: "stripe.checkout.refund_needed",
    table: "checkouts",
    rowId: co.id,
    data: { code: error.code, message: error.message, paymentId: payment.id, amountCents: payment.amountCents, kind: co.kind },
  });
  return { effect: `paid but not granted (${error.code}): refund needed` };
}
