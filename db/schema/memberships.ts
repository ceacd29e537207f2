import { sql } from "drizzle-orm";
import {
  bigint,
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
import { companies } from "./companies";
import { membershipPlans } from "./plans";
import { studios } from "./studios";

/** M3. What the row says; the effective status at an instant also applies M4 (end passed) and M9 (suspension window). */
export const membershipStatus = pgEnum("membership_status", ["active", "past_due", "suspended", "cancelled", "expired"]);
export type MembershipStatus = (typeof membershipStatus.enumValues)[number];

/** M6: how a membership came to be. */
export const membershipSource = pgEnum("membership_source", ["staff", "purchase", "embed", "import", "api"]);
export type MembershipSource = (typeof membershipSource.enumValues)[number];

/** One holder's subscription to one plan (SPEC "membership"). The holder is a client or a company (M7), never both. */
export const memberships = pgTable(
  "memberships",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    planId: uuid().notNull(),
    clientId: uuid(),
    companyId: uuid(),
    status: membershipStatus().notNull().default("active"),
    source: membershipSource().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    /** Null for a recurring membership that runs until cancelled. */
    endsAt: timestamp({ withTimezone: true }),
    /** sessions plans: the size of the current pack, and what is left of it (S2). */
    sessionsTotal: integer(),
    sessionsRemaining: integer(),
    /** M9: rights stop inside [suspendedFrom, suspendedUntil). */
    suspendedFrom: timestamp({ withTimezone: true }),
    suspendedUntil: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    stripeCustomerId: text(),
    /** P0: a Stripe subscription's paid-up period end, from its latest invoice (display; rights follow the status). */
    currentPeriodEnd: timestamp({ withTimezone: true }),
    stripeSubscriptionId: text(),
    paypalSubscriptionId: text(),
    /** Reminders are sent once each. */
    lowSessionsRemindedAt: timestamp({ withTimezone: true }),
    endingRemindedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "memberships_pkey", columns: [t.studioId, t.id] }),
    foreignKey({
      name: "memberships_plan_fk",
      columns: [t.studioId, t.planId],
      foreignColumns: [membershipPlans.studioId, membershipPlans.id],
    }),
    foreignKey({
      name: "memberships_client_fk",
      columns: [t.studioId, t.clientId],
      foreignColumns: [clients.studioId, clients.id],
    }),
    foreignKey({
      name: "memberships_company_fk",
      columns: [t.studioId, t.companyId],
      foreignColumns: [companies.studioId, companies.id],
    }),
    check("memberships_holder_check", sql`(${t.clientId} is null) <> (${t.companyId} is null)`),
    check("memberships_sessions_check", sql`${t.sessionsRemaining} is null or ${t.sessionsRemaining} >= 0`),
    check("memberships_period_check", sql`${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`),
    check(
      "memberships_suspension_check",
      sql`(${t.suspendedFrom} is null) = (${t.suspendedUntil} is null) and (${t.suspendedUntil} is null or ${t.suspendedUntil} > ${t.suspendedFrom})`,
    ),
    uniqueIndex("memberships_stripe_subscription_key")
      .on(t.studioId, t.stripeSubscriptionId)
      .where(sql`${t.stripeSubscriptionId} is not null`),
    index("memberships_client_idx").on(t.studioId, t.clientId),
    index("memberships_company_idx").on(t.studioId, t.companyId),
    index("memberships_plan_idx").on(t.studioId, t.planId),
    index("memberships_due_idx").on(t.endsAt).where(sql`${t.status} not in ('cancelled', 'expired')`),
    /** M10: one membership per holder, plan and start, so a re-imported file adds nothing. */
    uniqueIndex("memberships_client_plan_start_key")
      .on(t.studioId, t.clientId, t.planId, t.startsAt)
      .where(sql`${t.clientId} is not null`),
  ],
);

/** S2: why a session count changed. */
export const ledgerReason = pgEnum("ledger_reason", [
  "purchased",
  "booked_by_member",
  "booked_by_staff",
  "cancelled_by_member",
  "cancelled_by_staff",
  "converted_guest_booking",
  "restore_refused_newer_pass",
  "late_cancel",
  "forfeited_on_extension",
  "adjusted_by_staff",
  "expired",
]);
export type LedgerReason = (typeof ledgerReason.enumValues)[number];

/**
 * S2: the append-only history of one membership's session count. The count on
 * the membership always equals the sum of its deltas (the first row is the
 * purchase of the pack) and never goes below zero.
 */
export const membershipLedger = pgTable(
  "membership_ledger",
  {
    studioId: uuid().notNull(),
    id: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    membershipId: uuid().notNull(),
    delta: integer().notNull(),
    balanceAfter: integer().notNull(),
    reason: ledgerReason().notNull(),
    actorType: text().notNull(),
    actorId: text(),
    bookingId: uuid(),
    note: text(),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: "membership_ledger_pkey", columns: [t.studioId, t.id] }),
    foreignKey({
      name: "membership_ledger_membership_fk",
      columns: [t.studioId, t.membershipId],
      foreignColumns: [memberships.studioId, memberships.id],
    }),
    // The booking a row was for (S1, S3), in the same studio: a cross-studio reference is impossible. Checked at commit
    // (DEFERRABLE INITIALLY DEFERRED in migration 0013), since a booking's ledger row may be written before the booking.
    foreignKey({ name: "membership_ledger_booking_fk", columns: [t.studioId, t.bookingId], foreignColumns: [bookings.studioId, bookings.id] }),
    index("membership_ledger_membership_idx").on(t.studioId, t.membershipId, t.id),
    check("membership_ledger_balance_check", sql`${t.balanceAfter} >= 0`),
  ],
);

export type Membership = typeof memberships.$inferSelect;
export type LedgerRow = typeof membershipLedger.$inferSelect;
