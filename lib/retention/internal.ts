/**
 * Retention's unchecked helpers (STYLE Dec 2026 #2): the scheduled runs and the unsubscribe token. For jobs,
 * the CLI and tests; app/ may not import them (eslint.config.mjs).
 */
export { runRetentionFlows, retentionMailKey, retentionRecentJob, retentionLapsedJob } from "./run-flows";
export { unsubscribeToken, verifyUnsubscribeToken, unsubscribeUrl } from "./unsubscribe";
export { audienceSql, flowCondition } from "./audience";
