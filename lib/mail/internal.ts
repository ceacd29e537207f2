/**
 * Mail's unchecked helpers (STYLE Dec 2026 #2): the outbox writes behind lib/jobs' `enqueueMail` and the
 * delivery job. app/ may not import them (eslint.config.mjs); verbs enqueue through lib/jobs.
 */
export { enqueueMailRecord, enqueueTemplateMailRecord } from "./outbox";
export { deliverMessageJob, messageIdFor } from "./deliver";
