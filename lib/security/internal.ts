/**
 * Rate limiting's unchecked helpers (STYLE Dec 2026 #2): the sign-in backoff and the counters' writes, used inside
 * the identity verbs' transactions and by the pruning job. app/ may not import them (eslint.config.mjs).
 */
export {
  BACKOFFS,
  throttleKey,
  backoffDelaySeconds,
  takeAttempt,
  clearBackoff,
  refundRateLimit,
  resetRateLimit,
  pruneRateLimits,
} from "./rate-limit";
