import { and, eq, inArray, isNull } from "drizzle-orm";
import Stripe from "stripe";
import { getDb } from "@/db";
import { clients, payments, stripeAccounts, studios, type Payment } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { mailFee } from "@/lib/bookings/booking-fees";
import { enqueue } from "@/lib/jobs";
import { stripeClient } from "@/lib/stripe/client";
import { recordStripeRefund } from "./stripe-payments";

/** B9: the idempotency key of a fee's off-session charge: one per booking and fee, so a retried job never charges twice. */
export function feeChargeKey(p: Pick<Payment, "bookingId" | "fee">): string {
  return `roster-fee-${p.bookingId}-${p.fee}`;
}

/** B9: the idempotency key of a waived fee's refund. */
export function feeRefundKey(paymentId: string): string {
  return `roster-fee-refund-${paymentId}`;
}

type Loaded = {
  ctx: Ctx;
  payment: Payment;
  client: { name: string; email: string | null; customer: string | null; card: string | null };
  stripe: { stripe: Stripe; accountId: string } | null;
};

/** The payment, its client and the studio's connected Stripe account (charges enabled), as the system. */
async function load(payload: { studioId: string; paymentId: string }, reason: string): Promise<Loaded | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      studio: studios,
      payment: payments,
      client: {
        name: clients.name,
        email: clients.email,
        customer: clients.stripeCustomerId,
        card: clients.stripePaymentMethodId,
      },
      account: stripeAccounts,
    })
    .from(payments)
    .innerJoin(studios, eq(studios.id, payments.studioId))
    .innerJoin(clients, and(eq(clients.studioId, payments.studioId), eq(clients.id, payments.clientId)))
    .leftJoin(stripeAccounts, eq(stripeAccounts.studioId, payments.studioId))
    .where(and(eq(payments.studioId, payload.studioId), eq(payments.id, payload.paymentId)));
  if (!row) return null;
  const stripe = stripeClient();
  return {
    ctx: { db, studio: row.studio, actor: { kind: "system", reason }, now: new Date() },
    payment: row.payment,
    client: row.client,
    stripe: stripe && row.account?.chargesEnabled ? { stripe, accountId: row.account.accountId } : null,
  };
}

/**
 * The `fees.charge` job (B9): takes a fee still due off session from the client's saved card, as a PaymentIntent on
 * the studio's connected account (`confirm`, `off_session`) with one idempotency key per booking and fee. Charged:
 * the payment is marked paid with the intent (and refunded at once if staff waived it meanwhile) and the member
 * mailed. Refused by the card (`card_declined`, authentication needed) or no card: it stays a payment due and the
 * member is mailed that it is due; nothing is lost. Network or Stripe failures throw, so the queue retries (J1).
 */
export async function chargeFeeJob(payload: { studioId: string; paymentId: string }): Promise<void> {
  const loaded = await load(payload, "fees.charge");
  if (!loaded) return;
  const { ctx, payment, client, stripe } = loaded;
  if (payment.status !== "due" || payment.feeWaivedAt || !payment.fee) return; // paid, waived or voided already
  const declined = (code: string) =>
    inTransaction(ctx, async (tx) => {
      await audit(tx, { action: "payment.fee_declined", table: "payments", rowId: payment.id, data: { code } });
      await mailFee(tx, payment, client, false);
    });
  if (!stripe || !client.customer || !client.card) return declined("no_saved_card");

  let intent: Stripe.PaymentIntent;
  try {
    intent = await stripe.stripe.paymentIntents.create(
      {
        amount: payment.amountCents,
        currency: payment.currency.toLowerCase(),
        customer: client.customer,
        payment_method: client.card,
        off_session: true,
        confirm: true,
        description: payment.description ?? undefined,
        metadata: {
          roster_payment_id: payment.id,
          roster_studio_id: ctx.studio.id,
          roster_booking_id: payment.bookingId ?? "",
          roster_fee: payment.fee,
        },
      },
      { stripeAccount: stripe.accountId, idempotencyKey: feeChargeKey(payment) },
    );
  } catch (e) {
    if (e instanceof Stripe.errors.StripeCardError) return declined(e.code ?? "card_error");
    throw e;
  }
  if (intent.status !== "succeeded") return declined(`intent_${intent.status}`);

  await inTransaction(ctx, async (tx) => {
    const [paid] = await tx.db
      .update(payments)
      .set({ status: "paid", method: "stripe", paidAt: ctx.now, stripePaymentIntentId: intent.id, updatedAt: ctx.now })
      .where(
        and(
          eq(payments.studioId, ctx.studio.id),
          eq(payments.id, payment.id),
          inArray(payments.status, ["due", "void"]),
          isNull(payments.stripePaymentIntentId),
        ),
      )
      .returning();
    if (!paid) return; // a repeated run found it settled
    await audit(tx, {
      action: "payment.fee_charged",
      table: "payments",
      rowId: paid.id,
      data: { amountCents: paid.amountCents, paymentIntentId: intent.id },
    });
    // Waived while Stripe was charging: the money came in, so it goes back (B9).
    if (paid.feeWaivedAt) await enqueueFeeRefund(tx, paid.id);
    else await mailFee(tx, paid, client, true);
  });
}

/** B9: enqueues the refund of a waived fee that was charged through Stripe (in the caller's transaction). */
export async function enqueueFeeRefund(tx: Ctx, paymentId: string): Promise<void> {
  await enqueue(tx, "fees.refund", { studioId: tx.studio.id, paymentId }, { key: `fee-refund:${paymentId}` });
}

/**
 * The `fees.refund` job (B9): refunds what is left of a waived fee charged through Stripe, with one idempotency key
 * per payment, and records the refund once (its Stripe id is unique, so a later `charge.refunded` adds nothing).
 */
export async function refundFeeJob(payload: { studioId: string; paymentId: string }): Promise<void> {
  const loaded = await load(payload, "fees.refund");
  if (!loaded) return;
  const { ctx, payment, stripe } = loaded;
  if (!payment.feeWaivedAt || payment.status !== "paid" || !payment.stripePaymentIntentId) return;
  const left = payment.amountCents - payment.refundedCents;
  if (left <= 0) return;
  if (!stripe) throw new Error("Stripe is not connected: the waived fee cannot be refunded yet.");
  const refund = await stripe.stripe.refunds.create(
    {
      payment_intent: payment.stripePaymentIntentId,
      amount: left,
      metadata: { roster_payment_id: payment.id, roster_studio_id: ctx.studio.id },
    },
    { stripeAccount: stripe.accountId, idempotencyKey: feeRefundKey(payment.id) },
  );
  await recordStripeRefund(ctx, {
    paymentId: payment.id,
    refundId: refund.id,
    amountCents: Math.min(refund.amount, left),
    reason: "Fee waived",
  });
}
