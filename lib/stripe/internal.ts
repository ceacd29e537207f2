/**
 * Stripe: Connect, checkout, the webhook: helpers that skip the permission check (STYLE Dec 2026 #2). For other verbs of lib/,
 * the CLI and jobs only; app/ may not import these (eslint.config.mjs reads this file).
 */
export { stripeClient } from "./client";
export { studioStripe } from "./connect";
export { checkoutIdOf, checkoutCompleted } from "./handlers/checkout";
export { chargeRefunded } from "./handlers/refunds";
export {
  membershipStatusFor,
  billingStateOf,
  invoiceSubscriptionId,
  applyBillingState,
  invoicePaid,
  invoicePaymentFailed,
  subscriptionChanged,
} from "./handlers/subscriptions";
export { studioForEvent, applyStripeEvent } from "./webhook";
export { RetryLaterError, idOf, CHECKOUT_ID_KEYS, STUDIO_ID_KEYS, metadataValue } from "./handlers/types";
