import type Stripe from "stripe";
import { findStripePayment, recordStripeRefund, syncStripeRefundTotal } from "@/lib/payments/stripe-payments";
import { idOf, type HandlerInput, type Outcome } from "./types";

/**
 * `charge.refunded` (P0, R1): each refund of the charge not yet recorded gets
 * its refund row and raises the payment's refunded total, once (the refund id
 * is unique per studio); lifetime spend follows by trigger. The refunds come
 * from the charge when Stripe included them, else from a re-fetch; with
 * neither, the charge's `amount_refunded` is taken as the state.
 */
export async function chargeRefunded({ ctx, object: charge, fetched }: HandlerInput<Stripe.Charge>): Promise<Outcome> {
  const intent = idOf(charge.payment_intent);
  if (!intent) return { effect: "charge without payment intent: ignored" };
  const payment = await findStripePayment(ctx, intent);
  if (!payment) return { effect: "payment not sold by Roster: ignored" };

  const list = fetched.refunds ?? (charge.refunds && !charge.refunds.has_more ? charge.refunds.data : null);
  if (!list) {
    const { recorded } = await syncStripeRefundTotal(ctx, payment.id, charge.amount_refunded);
    return { effect: recorded ? "refund total synced" : "refunds already recorded" };
  }
  let recorded = 0;
  for (const r of list) {
    if (r.status === "failed" || r.status === "canceled" || r.amount <= 0) continue;
    if (
      (
        await recordStripeRefund(ctx, {
          paymentId: payment.id,
          refundId: r.id,
          amountCents: r.amount,
          reason: r.reason,
        })
      ).recorded
    )
      recorded++;
  }
  return { effect: recorded ? `${recorded} refund(s) recorded` : "refunds already recorded" };
}
