import { z } from "zod";
import { defineJob } from "./registry";

/**
 * Every kind of job Roster runs (J1, J2). Add a job here: name, zod payload,
 * lazy handler. `enqueue(ctx, name, payload, { key })` is typed from this list.
 */
export const JOBS = {
  /** Sends one `messages` row through SMTP (the only place SMTP is called). */
  "mail.send": defineJob({
    name: "mail.send",
    payload: z.object({
      studioId: z.uuid(),
      messageId: z.uuid(),
      text: z.string().max(100_000).optional(),
      /** A template's credential props (TemplateMailOptions.secret), kept nowhere else. */
      secretProps: z.record(z.string(), z.string().max(10_000)).optional(),
    }),
    maxAttempts: 8,
    handler: async () => (await import("@/lib/mail/deliver")).deliverMessageJob,
  }),
  /** M4's sweep: expires memberships whose end has passed (scheduled every minute). */
  "memberships.expire": defineJob({
    name: "memberships.expire",
    payload: z.object({}).loose(),
    maxAttempts: 3,
    handler: async () => (await import("./scheduled")).expireMemberships,
  }),
  /** Membership reminders: low sessions and ending soon (scheduled every 15 minutes). */
  "memberships.remind": defineJob({
    name: "memberships.remind",
    payload: z.object({}).loose(),
    maxAttempts: 3,
    handler: async () => (await import("./scheduled")).remindMemberships,
  }),
  /** Drops expired rate-limit windows (scheduled hourly). */
  "rate_limits.prune": defineJob({
    name: "rate_limits.prune",
    payload: z.object({}).loose(),
    maxAttempts: 3,
    handler: async () => (await import("./scheduled")).pruneRateLimitWindows,
  }),
  /** R8: a bulk message's fan-out, one queued mail per recipient (lib/bulk). */
  "bulk.message": defineJob({
    name: "bulk.message",
    payload: z.object({ studioId: z.uuid(), operationId: z.uuid() }),
    maxAttempts: 5,
    handler: async () => (await import("@/lib/bulk/message-job")).runBulkMessageJob,
  }),
  /** M10: a large confirmed import, from its stored file, in one transaction (lib/bulk). */
  "bulk.import": defineJob({
    name: "bulk.import",
    payload: z.object({ studioId: z.uuid(), operationId: z.uuid() }),
    maxAttempts: 3,
    handler: async () => (await import("@/lib/bulk/import-job")).runBulkImportJob,
  }),
  /** J3: reminders before booked sessions (scheduled every 5 minutes; lib/bookings/session-reminders). */
  "bookings.remind": defineJob({
    name: "bookings.remind",
    payload: z.object({}).loose(),
    maxAttempts: 3,
    handler: async () => (await import("@/lib/bookings/session-reminders")).sessionRemindersJob,
  }),
  /**
   * X2: one signed webhook delivery (lib/webhooks/deliver). 14 attempts with graphile-worker's exp(min(n, 10)) s
   * backoff span about 34 hours, so a receiver is retried for more than the 24 h after which its endpoint is disabled.
   */
  "webhooks.deliver": defineJob({
    name: "webhooks.deliver",
    payload: z.object({ studioId: z.uuid(), deliveryId: z.uuid() }),
    maxAttempts: 14,
    handler: async () => (await import("@/lib/webhooks/deliver")).deliverWebhookJob,
  }),
  /** B9: a late-cancel or no-show fee taken off session from the saved card (lib/payments/fee-jobs). */
  "fees.charge": defineJob({
    name: "fees.charge",
    payload: z.object({ studioId: z.uuid(), paymentId: z.uuid() }),
    maxAttempts: 8,
    handler: async () => (await import("@/lib/payments/fee-jobs")).chargeFeeJob,
  }),
  /** B9: a waived fee that was charged, refunded through Stripe (lib/payments/fee-jobs). */
  "fees.refund": defineJob({
    name: "fees.refund",
    payload: z.object({ studioId: z.uuid(), paymentId: z.uuid() }),
    maxAttempts: 8,
    handler: async () => (await import("@/lib/payments/fee-jobs")).refundFeeJob,
  }),
  /** R9: recomputes the report snapshots someone reads (scheduled every 5 minutes; lib/reports/refresh). */
  "reports.refresh": defineJob({
    name: "reports.refresh",
    payload: z.object({}).loose(),
    maxAttempts: 3,
    handler: async () => (await import("./scheduled")).refreshReports,
  }),
  /** Retention automations: welcome and growing mails (scheduled every minute; lib/retention). */
  "retention.recent": defineJob({
    name: "retention.recent",
    payload: z.object({}).loose(),
    maxAttempts: 3,
    handler: async () => (await import("@/lib/retention/run-flows")).retentionRecentJob,
  }),
  /** Retention automations: the win-back of clients lapsed 90 days (scheduled daily; lib/retention). */
  "retention.lapsed": defineJob({
    name: "retention.lapsed",
    payload: z.object({}).loose(),
    maxAttempts: 3,
    handler: async () => (await import("@/lib/retention/run-flows")).retentionLapsedJob,
  }),
};

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.input<(typeof JOBS)[N]["payload"]>;

/**
 * Timed work (J2) as graphile-worker cron items. graphile-worker records each
 * item's last run in `graphile_worker._private_known_crontabs` and claims a
 * period with one UPDATE, so any number of worker sets fire each once per
 * period (the identifier is the deterministic id).
 */
export const SCHEDULE: Array<{ identifier: string; task: JobName; match: string }> = [
  { identifier: "memberships.expire", task: "memberships.expire", match: "* * * * *" },
  { identifier: "memberships.remind", task: "memberships.remind", match: "*/15 * * * *" },
  { identifier: "rate_limits.prune", task: "rate_limits.prune", match: "7 * * * *" },
  { identifier: "bookings.remind", task: "bookings.remind", match: "*/5 * * * *" },
  { identifier: "retention.recent", task: "retention.recent", match: "* * * * *" },
  { identifier: "reports.refresh", task: "reports.refresh", match: "*/5 * * * *" },
  { identifier: "retention.lapsed", task: "retention.lapsed", match: "17 6 * * *" },
];
