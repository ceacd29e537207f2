/**
 * Payments (P0, R1): helpers that skip the permission check (STYLE Dec 2026 #2). For other verbs of lib/,
 * the CLI and jobs only; app/ may not import these (eslint.config.mjs reads this file).
 */
export { insertPayment } from "./payments";
export { recordStripePayment, findStripePayment, recordStripeRefund, syncStripeRefundTotal } from "./stripe-payments";
export { chargeFeeJob, refundFeeJob, feeChargeKey, feeRefundKey } from "./fee-jobs";
export { applyFeeWaiver } from "./waive-fee";
