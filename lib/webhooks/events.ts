/** X2: the event types a studio may subscribe to (API.md, Webhooks). */
export const WEBHOOK_EVENTS = [
  "client.created",
  "client.updated",
  "membership.created",
  "membership.updated",
  "membership.expired",
  "membership.cancelled",
  "booking.created",
  "booking.cancelled",
  "payment.paid",
  "payment.refunded",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/**
 * The audit actions that are also webhook events (X2). Every verb audits its change in its own transaction, so an
 * event is recorded with the change that causes it, by the one function all verbs already call (lib/core/audit).
 */
export const EVENT_OF_AUDIT_ACTION: Readonly<Record<string, WebhookEventType>> = {
  "client.created": "client.created",
  "client.updated": "client.updated",
  "client.tag_added": "client.updated",
  "client.tag_removed": "client.updated",
  "client.merged": "client.updated",
  "client.erased": "client.updated",
  "membership.created": "membership.created",
  "membership.imported": "membership.created",
  "membership.suspended": "membership.updated",
  "membership.extended": "membership.updated",
  "membership.end_changed": "membership.updated",
  "membership.billing_state": "membership.updated",
  "membership.cancelled": "membership.cancelled",
  "membership.expired": "membership.expired",
  "booking.created": "booking.created",
  "booking.cancelled": "booking.cancelled",
  "payment.recorded": "payment.paid",
  "payment.marked_paid": "payment.paid",
  "payment.paid_by_stripe": "payment.paid",
  "payment.refunded": "payment.refunded",
};
