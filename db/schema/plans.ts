import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { studios, type FeePolicy } from "./studios";

/** M1: recurring (billed every interval until cancelled), fixed (D days), sessions (N sessions within D days). */
export const planKind = pgEnum("plan_kind", ["recurring", "fixed", "sessions"]);
export const billingInterval = pgEnum("billing_interval", ["week", "month", "year"]);
export type PlanKind = (typeof planKind.enumValues)[number];
export type BillingInterval = (typeof billingInterval.enumValues)[number];

/** What a studio sells (docs/rules.md "membership plan", M1, M2). */
export const membershipPlans = pgTable(
  "membership_plans",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    name: text().notNull(),
    description: text(),
    kind: planKind().notNull(),
    priceCents: integer().notNull(),
    currency: text().notNull(),
    /** recurring: how often it bills. */
    interval: billingInterval(),
    /** recurring: at most K bookings per billing period; null = unlimited. */
    bookingLimitPerPeriod: integer(),
    /** fixed and sessions: how many days a membership lasts. */
    durationDays: integer(),
    /** sessions: the pack size. */
    sessions: integer(),
    /** M2: free-text keys that external systems read. */
    permissions: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** B2: grants access to member-only classes. */
    memberOnlyAccess: boolean().notNull().default(false),
    /** E1: offered in the portal and the embedded signup. */
    public: boolean().notNull().default(false),
    /** B8: opens booking earlier than the studio for its holders (days before); null = the studio's window. */
    bookingOpensDaysBefore: integer(),
    /** B8: lets its holders book later than the studio allows (minutes before start); null = the studio's window. */
    bookingClosesMinutesBefore: integer(),
    /** B9: this plan's late-cancel and no-show policies; null = the studio's. */
    lateCancelPolicy: jsonb().$type<FeePolicy>(),
    noShowPolicy: jsonb().$type<FeePolicy>(),
    /** M11: an intro offer, sold once and only to a client with no earlier purchase or booking. */
    newClientsOnly: boolean().notNull().default(false),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "membership_plans_pkey", columns: [t.studioId, t.id] }),
    index("membership_plans_studio_idx").on(t.studioId, t.archivedAt),
    check("membership_plans_price_check", sql`${t.priceCents} >= 0`),
    check(
      "membership_plans_kind_check",
      sql`(${t.kind} = 'recurring' and ${t.interval} is not null and ${t.sessions} is null)
       or (${t.kind} = 'fixed' and ${t.durationDays} > 0 and ${t.sessions} is null and ${t.interval} is null)
       or (${t.kind} = 'sessions' and ${t.durationDays} > 0 and ${t.sessions} > 0 and ${t.interval} is null)`,
    ),
    check("membership_plans_limit_check", sql`${t.bookingLimitPerPeriod} is null or ${t.bookingLimitPerPeriod} > 0`),
    check(
      "membership_plans_booking_window_check",
      sql`(${t.bookingOpensDaysBefore} is null or ${t.bookingOpensDaysBefore} >= 0)
       and (${t.bookingClosesMinutesBefore} is null or ${t.bookingClosesMinutesBefore} >= 0)`,
    ),
  ],
);

export type MembershipPlan = typeof membershipPlans.$inferSelect;
