/**
 * Stripe: Connect, checkout, the webhook: what app/ may call (STYLE Dec 2026 #2). Verbs and `get*` reads check the caller's
 * permission themselves. Helpers that do not (`load*`, writes used inside other verbs' transactions)
 * are in ./internal.ts, which app/ may not import (eslint.config.mjs).
 */
export { OpenBillingPortalInput, openBillingPortal } from "./billing-portal";
export { CancelMyMembershipInput, cancelMyMembership, listMyRecurringMemberships } from "./cancel-my-membership";
export { StartCheckoutInput, checkoutIdempotencyKey, checkoutNeeded, startCheckout, getMyCheckout } from "./checkout";
export { isStripeError } from "./client";
export {
  PAYMENTS_SETTINGS_PATH,
  getStripeStatus,
  stripeFailure,
  StartStripeConnectInput,
  startStripeConnect,
  refreshStripeAccount,
} from "./connect";
export { receiveStripeWebhook } from "./webhook";
export type * from "./cancel-my-membership";
export type * from "./checkout";
export type * from "./connect";
export type * from "./handlers/subscriptions";
export type * from "./handlers/types";
export type * from "./webhook";
