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
  uuid,
} from "drizzle-orm/pg-core";
import { bookings } from "./classes";
import { memberships } from "./memberships";

/*
 * The membership ledger has its own file: it names both a membership and a booking, and bookings
 * name memberships, so living in memberships.ts made memberships.ts and classes.ts import each other.
 */

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
    foreignKey({
      name: "membership_ledger_booking_fk",
      columns: [t.studioId, t.bookingId],
      foreignColumns: [bookings.studioId, bookings.id],
    }),
    index("membership_ledger_membership_idx").on(t.studioId, t.membershipId, t.id),
    check("membership_ledger_balance_check", sql`${t.balanceAfter} >= 0`),
  ],
);

export type LedgerRow = typeof membershipLedger.$inferSelect;
