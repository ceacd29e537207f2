import { and, eq, inArray, isNull } from "drizzle-orm";
import type Stripe from "stripe";
import { checkouts, clients, memberships, staff, users, type Checkout } from "@/db/schema";
import { bookSession } from "@/lib/bookings";
import { audit } from "@/lib/core/audit";
import type { Ctx } from "@/lib/core/ctx";
import { DomainError } from "@/lib/core/errors";
import { formatMoney } from "@/lib/core/format";
import { isUuid, MAX_CENTS } from "@/lib/core/validation";
import { enqueueTemplateMail } from "@/lib/jobs";
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
export async function checkoutCompleted({
  ctx,
  object: session,
  fetched,
}: HandlerInput<Stripe.Checkout.Session>): Promise<Outcome> {
  if (session.payment_status === "unpaid") return { effect: "paid later (async): waiting for async_payment_succeeded" };
  const checkoutId = checkoutIdOf(session);
  if (!checkoutId) return { effect: "not a Roster checkout: ignored" };

  // Check-and-change: only one delivery (or event type) completes a checkout. An
  // expired row still completes: Stripe took the money, so it is never dropped.
  const [co] = await ctx.db
    .update(checkouts)
    .set({ status: "completed", completedAt: ctx.now })
    .where(
      and(
        eq(checkouts.studioId, ctx.studio.id),
        eq(checkouts.id, checkoutId),
        inArray(checkouts.status, ["open", "expired"]),
      ),
    )
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
  // B9: the card saved at checkout (`setup_future_usage: off_session`), for late-cancel and no-show fees.
  const savedCard = idOf(fetched.paymentIntent?.payment_method ?? fetched.subscription?.default_payment_method ?? null);
  if (customerId && savedCard) {
    await ctx.db
      .update(clients)
      .set({ stripePaymentMethodId: savedCard })
      .where(
        and(eq(clients.studioId, ctx.studio.id), eq(clients.id, co.clientId), eq(clients.stripeCustomerId, customerId)),
      );
  }
  const money = {
    clientId: co.clientId,
    amountCents: co.amountCents,
    currency: co.currency,
    paymentIntentId,
    checkoutSessionId: session.id,
  };

  // Issue 14: what Stripe says was paid must be what our row sold. Otherwise nothing is granted, the money
  // actually received is kept on record for review, and the owners are told.
  const paidCents = session.amount_total;
  const paidCurrency = session.currency?.toUpperCase() ?? null;
  if (paidCents !== co.amountCents || paidCurrency !== co.currency) {
    return amountMismatch(
      ctx,
      co,
      { ...money, paymentIntentId: subscriptionId ? null : paymentIntentId },
      { paidCents, paidCurrency },
    );
  }

  if (co.kind === "membership") {
    let membershipId: string;
    try {
      ({
        membership: { id: membershipId },
      } = await assignMembership(ctx, {
        planId: co.planId!,
        clientId: co.clientId,
        source: "purchase",
        // M12: the code is redeemed now, when it is paid for; M11 is checked again here.
        ...(co.promoCode ? { promoCode: co.promoCode } : {}),
      }));
    } catch (e) {
      if (e instanceof DomainError)
        return refundNeeded(ctx, co, e, { ...money, paymentIntentId: subscriptionId ? null : paymentIntentId });
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
    // Its confirmation mail is enqueued by bookSession, in this event's transaction.
    ({ booking } = await bookSession(
      ctx,
      { sessionId: co.classSessionId!, clientId: co.clientId, by: "member" },
      { guest: true },
    ));
  } catch (e) {
    if (e instanceof DomainError) return refundNeeded(ctx, co, e, money);
    throw e;
  }
  await ctx.db
    .update(checkouts)
    .set({ bookingId: booking.id })
    .where(and(eq(checkouts.studioId, ctx.studio.id), eq(checkouts.id, co.id)));
  await recordStripePayment(ctx, { ...money, bookingId: booking.id });
  return { effect: "drop-in booked and paid" };
}

/**
 * Issue 14: Stripe reports an amount or currency other than our checkout's.
 * Nothing is granted; the money received is recorded as a paid payment on
 * neither membership nor booking (so it is not lost, and lifetime spend
 * counts what was really paid), the audit log holds
 * `stripe.checkout.amount_mismatch`, and each owner is mailed to review and
 * refund it in Stripe.
 */
async function amountMismatch(
  ctx: Ctx,
  co: Checkout,
  money: Parameters<typeof recordStripePayment>[1],
  paid: { paidCents: number | null; paidCurrency: string | null },
): Promise<Outcome> {
  const expected = formatMoney(co.amountCents, co.currency);
  const received =
    paid.paidCents === null || !paid.paidCurrency
      ? "an unknown amount"
      : formatMoney(paid.paidCents, paid.paidCurrency);
  const recordable =
    paid.paidCents !== null &&
    paid.paidCents >= 0 &&
    paid.paidCents <= MAX_CENTS &&
    /^[A-Z]{3}$/.test(paid.paidCurrency ?? "");
  const payment = recordable
    ? (
        await recordStripePayment(ctx, {
          ...money,
          amountCents: paid.paidCents!,
          currency: paid.paidCurrency!,
          description: `Paid ${received} for ${expected}: not granted, review and refund`,
        })
      ).payment
    : null;
  await audit(ctx, {
    action: "stripe.checkout.amount_mismatch",
    table: "checkouts",
    rowId: co.id,
    data: {
      kind: co.kind,
      expectedCents: co.amountCents,
      expectedCurrency: co.currency,
      paidCents: paid.paidCents,
      paidCurrency: paid.paidCurrency,
      paymentId: payment?.id ?? null,
      checkoutSessionId: money.checkoutSessionId ?? null,
    },
  });
  const [client] = await ctx.db
    .select({ name: clients.name })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, co.clientId)));
  const owners = await ctx.db
    .select({ email: users.email })
    .from(staff)
    .innerJoin(users, eq(users.id, staff.userId))
    .where(and(eq(staff.studioId, ctx.studio.id), eq(staff.role, "owner")));
  for (const owner of owners) {
    await enqueueTemplateMail(
      ctx,
      "stripe_amount_mismatch",
      {
        received,
        expected,
        client: client?.name ?? "a client",
        purchase: co.kind === "membership" ? "a membership" : "a drop-in",
        checkoutSession: money.checkoutSessionId ?? "unknown",
        recorded: !!payment,
      },
      { to: owner.email, key: `stripe-amount-mismatch:${co.id}:${owner.email}` },
    );
  }
  return { effect: `amount mismatch (paid ${received}, expected ${expected}): nothing granted, owners told` };
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
    data: {
      code: error.code,
      message: error.message,
      paymentId: payment.id,
      amountCents: payment.amountCents,
      kind: co.kind,
    },
  });
  return { effect: `paid but not granted (${error.code}): refund needed` };
}
