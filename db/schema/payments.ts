import { sql } from "drizzle-orm";
import {
  check,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { bookings } from "./classes";
import { clients } from "./clients";
import { memberships } from "./memberships";
import { studios } from "./studios";

export const paymentMethod = pgEnum("payment_method", ["cash", "bank", "card_terminal", "stripe", "paypal"]);
export const paymentStatus = pgEnum("payment_status", ["due", "paid", "failed", "void"]);
/** B9: a fee a payment charges (a late cancel or a no-show), or null for a sale. */
export const paymentFee = pgEnum("payment_fee", ["late_cancel", "no_show"]);
export type PaymentFee = (typeof paymentFee.enumValues)[number];
export type PaymentMethod = (typeof paymentMethod.enumValues)[number];
export type PaymentStatus = (typeof paymentStatus.enumValues)[number];

/**
 * Money a client paid or owes (P0, R1). A membership sold by staff records a
 * payment or a payment due; Stripe payments land in the same table.
 * `refundedCents` is the sum of the payment's refunds, kept in step in the same transaction.
 */
export const payments = pgTable(
  "payments",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    clientId: uuid().notNull(),
    membershipId: uuid(),
    /** Set by the booking issue for drop-ins. */
    bookingId: uuid(),
    amountCents: integer().notNull(),
    currency: text().notNull(),
    /** Null while due: how it will be paid is not known yet. */
    method: paymentMethod(),
    status: paymentStatus().notNull(),
    refundedCents: integer().notNull().default(0),
    description: text(),
    paidAt: timestamp({ withTimezone: true }),
    stripePaymentIntentId: text(),
    stripeCheckoutSessionId: text(),
    /** B9: the fee this payment charges for its booking; one per booking and fee (the unique key below). */
    fee: paymentFee(),
    /** B9: staff waived the fee (a due fee is voided, a charged one refunded). */
    feeWaivedAt: timestamp({ withTimezone: true }),
    createdByActorType: text().notNull(),
    createdByActorId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "payments_pkey", columns: [t.studioId, t.id] }),
    foreignKey({
      name: "payments_client_fk",
      columns: [t.studioId, t.clientId],
      foreignColumns: [clients.studioId, clients.id],
    }),
    foreignKey({
      name: "payments_membership_fk",
      columns: [t.studioId, t.membershipId],
      foreignColumns: [memberships.studioId, memberships.id],
    }),
    foreignKey({
      name: "payments_booking_fk",
      columns: [t.studioId, t.bookingId],
      foreignColumns: [bookings.studioId, bookings.id],
    }),
    check("payments_amount_check", sql`${t.amountCents} >= 0`),
    check("payments_refund_check", sql`${t.refundedCents} >= 0 and ${t.refundedCents} <= ${t.amountCents}`),
    check("payments_paid_check", sql`(${t.status} = 'paid') = (${t.paidAt} is not null) or ${t.refundedCents} > 0`),
    index("payments_client_idx").on(t.studioId, t.clientId),
    uniqueIndex("payments_stripe_intent_key")
      .on(t.studioId, t.stripePaymentIntentId)
      .where(sql`${t.stripePaymentIntentId} is not null`),
    index("payments_membership_idx").on(t.studioId, t.membershipId),
    index("payments_booking_idx")
      .on(t.studioId, t.bookingId)
      .where(sql`${t.bookingId} is not null`),
    /** B9: a booking's fee is raised once, however often a no-show is marked or a cancel retried. */
    uniqueIndex("payments_booking_fee_key")
      .on(t.studioId, t.bookingId, t.fee)
      .where(sql`${t.fee} is not null`),
    check("payments_fee_booking_check", sql`${t.fee} is null or ${t.bookingId} is not null`),
    /**
     * R9: a period's revenue (by month, by source) from the index alone: the settled rows in paid-at order with
     * the columns it sums and splits by, not a scan of every payment the studio has had.
     */
    index("payments_paid_idx")
      .on(t.studioId, t.paidAt, t.amountCents, t.membershipId, t.bookingId)
      .where(sql`${t.status} = 'paid'`),
    /** O3: the "Payments due" list, oldest first, reads only the rows still due. */
    index("payments_due_idx")
      .on(t.studioId, t.createdAt, t.id)
      .where(sql`${t.status} = 'due'`),
  ],
);

/** One refund of a payment (R1: lifetime spend subtracts these). */
export const refunds = pgTable(
  "refunds",
  {
    studioId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    paymentId: uuid().notNull(),
    amountCents: integer().notNull(),
    reason: text(),
    stripeRefundId: text(),
    createdByActorType: text().notNull(),
    createdByActorId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "refunds_pkey", columns: [t.studioId, t.id] }),
    foreignKey({
      name: "refunds_payment_fk",
      columns: [t.studioId, t.paymentId],
      foreignColumns: [payments.studioId, payments.id],
    }),
    check("refunds_amount_check", sql`${t.amountCents} > 0`),
    index("refunds_payment_idx").on(t.studioId, t.paymentId),
    /** P0: a Stripe refund is recorded once, however often charge.refunded arrives. */
    uniqueIndex("refunds_stripe_refund_key")
      .on(t.studioId, t.stripeRefundId)
      .where(sql`${t.stripeRefundId} is not null`),
  ],
);

export type Payment = typeof payments.$inferSelect;
export type Refund = typeof refunds.$inferSelect;
