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
import { clients } from "./clients";
import { companies } from "./companies";
import { membershipPlans } from "./plans";
import { studios } from "./studios";

/** M3. What the row says; the effective status at an instant also applies M4 (end passed) and M9 (suspension window). */
export const membershipStatus = pgEnum("membership_status", [
  "active",
  "past_due",
  "suspended",
  "cancelled",
  "expired",
]);
export type MembershipStatus = (typeof membershipStatus.enumValues)[number];

/** M6: how a membership came to be. */
export const membershipSource = pgEnum("membership_source", ["staff", "purchase", "embed", "import", "api"]);
export type MembershipSource = (typeof membershipSource.enumValues)[number];

/** One holder's subscription to one plan (docs/rules.md "membership"). The holder is a client or a company (M7), never both. */
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
    // The plan's holders in client order with the columns the M3 status rule reads, so the clients list counts a
    // plan's members from this index alone (lib/crm/list-clients.ts) and still serves every (studio, plan) lookup.
    index("memberships_plan_idx").on(
      t.studioId,
      t.planId,
      t.clientId,
      t.startsAt,
      t.status,
      t.endsAt,
      t.suspendedFrom,
      t.suspendedUntil,
    ),
    index("memberships_due_idx")
      .on(t.endsAt)
      .where(sql`${t.status} not in ('cancelled', 'expired')`),
    /** M10: one membership per holder, plan and start, so a re-imported file adds nothing. */
    uniqueIndex("memberships_client_plan_start_key")
      .on(t.studioId, t.clientId, t.planId, t.startsAt)
      .where(sql`${t.clientId} is not null`),
  ],
);

export type Membership = typeof memberships.$inferSelect;
