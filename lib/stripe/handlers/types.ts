import type Stripe from "stripe";
import type { Ctx } from "@/lib/core/ctx";

/**
 * What was read from Stripe before the transaction (P0: where the order of
 * events matters, state comes from a re-fetch, never from the event's age or
 * an increment). Absent fields: no client configured, or not needed.
 */
export type Fetched = {
  /** The subscription as Stripe has it now (re-fetched on the connected account). */
  subscription?: Stripe.Subscription | null;
  /** The payment intent that paid an invoice. */
  invoicePaymentIntentId?: string | null;
  /** Every refund of a charge. */
  refunds?: Stripe.Refund[] | null;
  /** B9: a paid Checkout session's payment intent, for the card it saved (`setup_future_usage`). */
  paymentIntent?: Stripe.PaymentIntent | null;
};

/** A handler's input: the system ctx of the studio inside the event's transaction, the verified event, and what was re-fetched. */
export type HandlerInput<T> = { ctx: Ctx; event: Stripe.Event; object: T; fetched: Fetched };

/** What applying an event did, for the log and the tests. */
export type Outcome = {
  effect: string;
};

/** Thrown when an event cannot be applied yet (its checkout is not completed): not recorded, so Stripe delivers it again. */
export class RetryLaterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RetryLaterError";
  }
}

/** A Stripe reference as an id: the field may be the id or the expanded object. */
export function idOf(ref: string | { id: string } | null | undefined): string | null {
  if (!ref) return null;
  return typeof ref === "string" ? ref : ref.id;
}

/** Metadata keys and client_reference_id Roster's Checkout sessions (and their subscriptions) carry. */
export const CHECKOUT_ID_KEYS = ["roster_checkout_id", "checkout_id"] as const;
export const STUDIO_ID_KEYS = ["roster_studio_id", "studio_id"] as const;

export function metadataValue(metadata: Stripe.Metadata | null | undefined, keys: readonly string[]): string | null {
  for (const k of keys) {
    const v = metadata?.[k];
    if (typeof v === "string" && v) return v;
  }
  return null;
}
