import { sql } from "drizzle-orm";
import {
  boolean,
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
import { bookings, classSessions } from "./classes";
import { clients } from "./clients";
import { memberships } from "./memberships";
import { membershipPlans } from "./plans";
import { studios } from "./studios";

/**
 * P0: a studio's connected Stripe account (Connect). Roster is the platform;
 * each studio is paid into its own account. No row: "pay at the studio".
 */
export const stripeAccounts = pgTable(
  "stripe_accounts",
  {
    studioId: uuid()
      .primaryKey()
      .references(() => studios.id, { onDelete: "cascade" }),
    accountId: text().notNull(),
    /** Stripe says the account can take charges (onboarding finished); until then purchases stay "pay at the studio". */
    chargesEnabled: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("stripe_accounts_account_key").on(t.accountId)],
);

export const checkoutKind = pgEnum("checkout_kind", ["membership", "drop_in"]);
export const checkoutStatus = pgEnum("checkout_status", ["open", "completed", "expired"]);

/**
 * One purchase sent to Stripe Checkout: our own row first (its id is the
 * idempotency key, so a retried click never charges twice), then the
 * membership or booking is granted only when the webhook says it was paid.
 */
export const checkouts = pgTable(
  "checkouts",
  {
    studioId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    clientId: uuid().notNull(),
    kind: checkoutKind().notNull(),
    planId: uuid(),
    classSessionId: uuid(),
    amountCents: integer().notNull(),
    currency: text().notNull(),
    status: checkoutStatus().notNull().default("open"),
    stripeCheckoutSessionId: text(),
    /** What the completed checkout granted. */
    membershipId: uuid(),
    bookingId: uuid(),
    /** M12: the promo code the member entered (as typed); redeemed when the webhook grants. */
    promoCode: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: "checkouts_pkey", columns: [t.studioId, t.id] }),
    foreignKey({
      name: "checkouts_client_fk",
      columns: [t.studioId, t.clientId],
      foreignColumns: [clients.studioId, clients.id],
    }),
    foreignKey({
      name: "checkouts_plan_fk",
      columns: [t.studioId, t.planId],
      foreignColumns: [membershipPlans.studioId, membershipPlans.id],
    }),
    foreignKey({
      name: "checkouts_session_fk",
      columns: [t.studioId, t.classSessionId],
      foreignColumns: [classSessions.studioId, classSessions.id],
    }),
    foreignKey({
      name: "checkouts_membership_fk",
      columns: [t.studioId, t.membershipId],
      foreignColumns: [memberships.studioId, memberships.id],
    }),
    foreignKey({
      name: "checkouts_booking_fk",
      columns: [t.studioId, t.bookingId],
      foreignColumns: [bookings.studioId, bookings.id],
    }),
    check(
      "checkouts_what_check",
      sql`(${t.kind} = 'membership') = (${t.planId} is not null) and (${t.kind} = 'drop_in') = (${t.classSessionId} is not null)`,
    ),
    check("checkouts_amount_check", sql`${t.amountCents} >= 0`),
    uniqueIndex("checkouts_stripe_session_key").on(t.stripeCheckoutSessionId),
    index("checkouts_client_idx").on(t.studioId, t.clientId),
  ],
);

/**
 * P0: every Stripe event applied, by its id, written in the same transaction
 * as its effect: a repeated or concurrent duplicate delivery hits the primary
 * key and changes nothing.
 */
export const stripeEvents = pgTable(
  "stripe_events",
  {
    id: text().primaryKey(),
    type: text().notNull(),
    /** The connected account the event came from (null: the platform's own). */
    account: text(),
    studioId: uuid().references(() => studios.id, { onDelete: "cascade" }),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("stripe_events_studio_idx").on(t.studioId, t.receivedAt)],
);

export type StripeAccount = typeof stripeAccounts.$inferSelect;
export type Checkout = typeof checkouts.$inferSelect;
export type StripeEvent = typeof stripeEvents.$inferSelect;
