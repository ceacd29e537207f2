import { sql } from "drizzle-orm";
import {
  bigint,
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
import { clients } from "./clients";
import { memberships } from "./memberships";
import { staff } from "./staff";
import { studios } from "./studios";

/** A kind of class the studio runs (docs/rules.md "class"). */
export const classes = pgTable(
  "classes",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    title: text().notNull(),
    description: text(),
    capacity: integer().notNull(),
    durationMinutes: integer().notNull(),
    location: text(),
    /** B2: bookable only with a membership whose plan grants member-only access. */
    memberOnly: boolean().notNull().default(false),
    /** Null: no drop-in; guests cannot book without a membership. */
    dropInPriceCents: integer(),
    /** T3: who teaches it by default (a staff member's user id); null: nobody named. */
    instructorId: uuid(),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "classes_pkey", columns: [t.studioId, t.id] }),
    check("classes_capacity_check", sql`${t.capacity} > 0`),
    check("classes_duration_check", sql`${t.durationMinutes} > 0`),
    check("classes_drop_in_check", sql`${t.dropInPriceCents} is null or ${t.dropInPriceCents} >= 0`),
    // T3: the instructor is staff of the same studio. Removing them clears it in the verb (lib/team), since
    // ON DELETE SET NULL on a composite key would null studio_id too.
    foreignKey({
      name: "classes_instructor_fk",
      columns: [t.studioId, t.instructorId],
      foreignColumns: [staff.studioId, staff.userId],
    }),
  ],
);

/**
 * One dated occurrence of a class (docs/rules.md "session"). `bookedCount` is kept in
 * step with its bookings by the booking verbs in the same transaction; the
 * CHECK makes overbooking impossible even for a buggy caller (B1).
 */
export const classSessions = pgTable(
  "class_sessions",
  {
    studioId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    classId: uuid().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    capacity: integer().notNull(),
    bookedCount: integer().notNull().default(0),
    /** Sessions made by one weekly rule share it (B6). */
    seriesId: uuid(),
    /** T3: a substitute for this session; null: the class's instructor teaches it. */
    instructorId: uuid(),
    /** O1: where this session takes place when it differs from the class's location; null: the class's. */
    location: text(),
    cancelledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "class_sessions_pkey", columns: [t.studioId, t.id] }),
    foreignKey({
      name: "class_sessions_class_fk",
      columns: [t.studioId, t.classId],
      foreignColumns: [classes.studioId, classes.id],
    }),
    foreignKey({
      name: "class_sessions_instructor_fk",
      columns: [t.studioId, t.instructorId],
      foreignColumns: [staff.studioId, staff.userId],
    }),
    check(
      "class_sessions_capacity_check",
      sql`${t.capacity} > 0 and ${t.bookedCount} >= 0 and ${t.bookedCount} <= ${t.capacity}`,
    ),
    check("class_sessions_period_check", sql`${t.endsAt} > ${t.startsAt}`),
    uniqueIndex("class_sessions_class_start_key").on(t.studioId, t.classId, t.startsAt),
    index("class_sessions_studio_start_idx").on(t.studioId, t.startsAt),
  ],
);

export const bookingStatus = pgEnum("booking_status", ["booked", "cancelled", "no_show"]);
export const bookingActor = pgEnum("booking_actor", ["member", "staff"]);
export type BookingStatus = (typeof bookingStatus.enumValues)[number];

/** One client's place in one session (docs/rules.md "booking", B3). */
export const bookings = pgTable(
  "bookings",
  {
    studioId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    sessionId: uuid().notNull(),
    clientId: uuid().notNull(),
    status: bookingStatus().notNull().default("booked"),
    /** The membership that pays (S4); null for a guest or drop-in booking. */
    membershipId: uuid(),
    /** Whether a pack session was taken for it (S1), so a cancel returns exactly that. */
    sessionTaken: boolean().notNull().default(false),
    bookedBy: bookingActor().notNull(),
    bookedByActorId: text(),
    cancelledBy: bookingActor(),
    cancelledAt: timestamp({ withTimezone: true }),
    /** B5: the attendance list's "present" mark; changes nothing else. */
    present: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "bookings_pkey", columns: [t.studioId, t.id] }),
    foreignKey({
      name: "bookings_session_fk",
      columns: [t.studioId, t.sessionId],
      foreignColumns: [classSessions.studioId, classSessions.id],
    }),
    foreignKey({
      name: "bookings_client_fk",
      columns: [t.studioId, t.clientId],
      foreignColumns: [clients.studioId, clients.id],
    }),
    foreignKey({
      name: "bookings_membership_fk",
      columns: [t.studioId, t.membershipId],
      foreignColumns: [memberships.studioId, memberships.id],
    }),
    /** One live booking per client and session: a double submit books once. */
    uniqueIndex("bookings_live_key")
      .on(t.studioId, t.sessionId, t.clientId)
      .where(sql`${t.status} <> 'cancelled'`),
    /** A client's bookings, every status (its history, merge, erasure), by created_at. */
    index("bookings_client_idx").on(t.studioId, t.clientId, t.createdAt),
    /**
     * A client's live bookings by created_at, so that R1's first/last booking, read again when a cancel takes the
     * edge away, is one index probe however many cancelled bookings the client has (issue 20).
     */
    index("bookings_client_live_idx")
      .on(t.studioId, t.clientId, t.createdAt)
      .where(sql`${t.status} <> 'cancelled'`),
    index("bookings_membership_idx").on(t.studioId, t.membershipId),
    /** R9 attendance: a session's places taken (booked_count) less its no-shows, found without reading its bookings. */
    index("bookings_no_show_idx")
      .on(t.studioId, t.sessionId)
      .where(sql`${t.status} = 'no_show'`),
    check("bookings_cancel_check", sql`(${t.status} = 'cancelled') = (${t.cancelledAt} is not null)`),
  ],
);

/** B4: a full session's queue, first come first served (ordered by `position`). */
export const waitlistEntries = pgTable(
  "waitlist_entries",
  {
    studioId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    sessionId: uuid().notNull(),
    clientId: uuid().notNull(),
    position: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    /** Null while waiting; set when the entry was promoted to a booking or left the queue. */
    promotedBookingId: uuid(),
    leftAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "waitlist_entries_pkey", columns: [t.studioId, t.id] }),
    foreignKey({
      name: "waitlist_entries_session_fk",
      columns: [t.studioId, t.sessionId],
      foreignColumns: [classSessions.studioId, classSessions.id],
    }),
    foreignKey({
      name: "waitlist_entries_client_fk",
      columns: [t.studioId, t.clientId],
      foreignColumns: [clients.studioId, clients.id],
    }),
    // Checked at once (NOT DEFERRABLE): promoteFromWaitlist sets it after the booking exists. Migration 0015 brought
    // databases made by 0013 as it first landed (DEFERRABLE INITIALLY DEFERRED) to this form.
    foreignKey({
      name: "waitlist_entries_promoted_booking_fk",
      columns: [t.studioId, t.promotedBookingId],
      foreignColumns: [bookings.studioId, bookings.id],
    }),
    uniqueIndex("waitlist_entries_waiting_key")
      .on(t.studioId, t.sessionId, t.clientId)
      .where(sql`${t.promotedBookingId} is null and ${t.leftAt} is null`),
    index("waitlist_entries_queue_idx").on(t.studioId, t.sessionId, t.position),
  ],
);

export type Class = typeof classes.$inferSelect;
export type ClassSession = typeof classSessions.$inferSelect;
export type Booking = typeof bookings.$inferSelect;
export type WaitlistEntry = typeof waitlistEntries.$inferSelect;
