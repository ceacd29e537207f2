/**
 * Payments (P0, R1): what app/ may call (STYLE Dec 2026 #2). Verbs and `get*` reads check the caller's
 * permission themselves. Helpers that do not (`load*`, writes used inside other verbs' transactions)
 * are in ./internal.ts, which app/ may not import (eslint.config.mjs).
 */
export {
  StaffPaymentMethod,
  RecordPaymentFields,
  recordPaymentRules,
  RecordPaymentInput,
  recordPayment,
  markPaymentPaid,
  RefundInput,
  refundPayment,
  listPayments,
  toApiPayment,
} from "./payments";
export { listDuePayments, ListDuePaymentsInput, DUE_KINDS } from "./due-payments";
export { waiveFee, canWaiveFee, FEE_WAIVE_WINDOW_MS } from "./waive-fee";
export { RecordStripePaymentInput, RecordStripeRefundInput } from "./stripe-payments";
export type * from "./payments";
export type * from "./stripe-payments";
export type * from "./due-payments";
