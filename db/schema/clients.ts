import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { apiKeys } from "./api-keys";
import { users } from "./auth";
import { studios } from "./studios";

/** How a client came to exist (C1, C2 "source"). */
export const clientSource = pgEnum("client_source", [
  "staff",
  "booking",
  "membership",
  "waitlist",
  "embed",
  "portal",
  "import",
  "api",
]);
export type ClientSource = (typeof clientSource.enumValues)[number];

/** H1: a household member's place under its primary customer. */
export const householdRole = pgEnum("household_role", ["participant", "additional_user"]);
export type HouseholdRole = (typeof householdRole.enumValues)[number];

/** A person the studio has dealt with (docs/rules.md "client", C1–C4). */
export const clients = pgTable(
  "clients",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    name: text().notNull(),
    /** As typed; `emailNormalized` is what C1 matches on. Null for participants without email (H1) and after erasure (P1). */
    email: text(),
    emailNormalized: text(),
    phone: text(),
    emergencyContactName: text(),
    emergencyContactPhone: text(),
    pictureUrl: text(),
    questionnaire: jsonb().$type<Record<string, unknown>>(),
    marketingConsent: boolean().notNull().default(false),
    marketingConsentAt: timestamp({ withTimezone: true }),
    /** C3: set once, when the client first becomes a member; never cleared. */
    memberSince: timestamp({ withTimezone: true }),
    tags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    source: clientSource().notNull(),
    /** The portal login of this client, if any. */
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** W1: the opaque token in the member card's QR code (random, never derived from the id). */
    cardToken: text()
      .notNull()
      .default(sql`replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')`),
    /**
     * The secret in the client's calendar-feed URL (a calendar app subscribes without
     * a session cookie). Random, rotatable by the member, replaced on erasure.
     */
    calendarToken: text()
      .notNull()
      .default(sql`replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')`),
    /** P0: the client's customer on the studio's connected Stripe account (card details live at Stripe only). */
    stripeCustomerId: text(),
    /** B9: the card saved at checkout (`setup_future_usage`) on that customer, for off-session fees. */
    stripePaymentMethodId: text(),
    /** H3: staff disabled the client's portal access. */
    portalDisabled: boolean().notNull().default(false),
    erasedAt: timestamp({ withTimezone: true }),
    /**
     * H1: set on a participant or additional user, naming the primary customer
     * (who pays). Null on a primary and on a client outside any household.
     */
    householdPrimaryId: uuid(),
    householdRole: householdRole(),
    /**
     * R1 counters, maintained by database triggers on bookings and payments in the
     * writing transaction (migration 0005), so every writer keeps them exact and the
     * list can sort and filter 100,000 clients by index. "Booking date" is when the
     * booking was made (a client "has not booked in 90 days").
     */
    totalBookings: integer().notNull().default(0),
    lifetimeSpendCents: bigint({ mode: "number" }).notNull().default(0),
    firstBookingAt: timestamp({ withTimezone: true }),
    lastBookingAt: timestamp({ withTimezone: true }),
    /**
     * What search matches: lower-cased name and email, and the phone's digits. Its trigram index lives on
     * `client_search` (kept by trigger, below), so the R1 counters rewriting this row never touch it.
     */
    searchText: text().generatedAlwaysAs(
      sql`lower(name) || ' ' || coalesce(email_normalized, '') || ' ' || coalesce(regexp_replace(phone, '[^0-9]', '', 'g'), '')`,
    ),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "clients_pkey", columns: [t.studioId, t.id] }),
    uniqueIndex("clients_studio_email_key")
      .on(t.studioId, t.emailNormalized)
      .where(sql`${t.emailNormalized} is not null`),
    uniqueIndex("clients_card_token_key").on(t.cardToken),
    uniqueIndex("clients_calendar_token_key").on(t.calendarToken),
    uniqueIndex("clients_studio_user_key")
      .on(t.studioId, t.userId)
      .where(sql`${t.userId} is not null`),
    // Ascending, nulls last like the list's ORDER BY, so one index serves both directions.
    index("clients_studio_created_idx").on(t.studioId, t.createdAt, t.id),
    // One index per sortable list column, each ending in the id so keyset pages are stable.
    index("clients_studio_name_idx").on(t.studioId, sql`lower(${t.name})`, t.id),
    index("clients_studio_email_idx").on(t.studioId, sql`coalesce(${t.emailNormalized}, '')`, t.id),
    index("clients_studio_phone_idx").on(t.studioId, sql`coalesce(${t.phone}, '')`, t.id),
    index("clients_studio_total_idx").on(t.studioId, t.totalBookings, t.id),
    index("clients_studio_spend_idx").on(t.studioId, t.lifetimeSpendCents, t.id),
    index("clients_studio_first_booking_idx").on(t.studioId, sql`coalesce(${t.firstBookingAt}, '-infinity')`, t.id),
    index("clients_studio_last_booking_idx").on(t.studioId, sql`coalesce(${t.lastBookingAt}, '-infinity')`, t.id),
    // R2: status filters are ranges on the last booking; the status sort reads only these columns (index-only).
    index("clients_studio_stats_idx")
      .on(t.studioId, t.lastBookingAt, t.totalBookings, t.id)
      .where(sql`${t.erasedAt} is null`),
    // R2's status sort: the counters that decide a status, in id order, so that each status's first ids are a walk
    // of this index alone (statusWalkIds in lib/crm/list-clients.ts), however large the studio.
    index("clients_studio_id_stats_idx")
      .on(t.studioId, t.id, t.lastBookingAt, t.totalBookings)
      .where(sql`${t.erasedAt} is null`),
    // Erased clients only (a handful): what the plan filter's count leaves out without reading each client.
    index("clients_erased_idx")
      .on(t.studioId, t.id)
      .where(sql`${t.erasedAt} is not null`),
    index("clients_household_idx")
      .on(t.studioId, t.householdPrimaryId)
      .where(sql`${t.householdPrimaryId} is not null`),
    foreignKey({
      name: "clients_household_primary_fk",
      columns: [t.studioId, t.householdPrimaryId],
      foreignColumns: [t.studioId, t.id],
    }),
    check(
      "clients_household_check",
      sql`(${t.householdPrimaryId} is null) = (${t.householdRole} is null) and ${t.householdPrimaryId} <> ${t.id}`,
    ),
    check("clients_stats_check", sql`${t.totalBookings} >= 0`),
  ],
);

/**
 * R4's search, beside the client: each client's `search_text` with its trigram index, copied by trigger
 * (migration 0035) when a client is added or its name, email or phone changes. On `clients` itself every booking
 * and payment rewrote the row through R1's counters, and each rewrite added the row's ~40 trigrams to the index
 * again: at 100,000 clients it grew to 4× its size and a search read 4× the pages (issue 20). Here a row changes
 * only when what it matches does.
 */
export const clientSearch = pgTable(
  "client_search",
  {
    studioId: uuid().notNull(),
    clientId: uuid().notNull(),
    searchText: text().notNull(),
  },
  (t) => [
    primaryKey({ name: "client_search_pkey", columns: [t.studioId, t.clientId] }),
    // The studio leads (btree_gin, migration 0040), so a search reads its own studio's trigrams: at 1,000,000
    // clients among 2,900,000, a phone's digits had 150,699 candidates to recheck in every studio, and 7,819 here.
    index("client_search_studio_text_idx").using("gin", t.studioId, sql`${t.searchText} gin_trgm_ops`),
    foreignKey({
      name: "client_search_client_fk",
      columns: [t.studioId, t.clientId],
      foreignColumns: [clients.studioId, clients.id],
    }).onDelete("cascade"),
  ],
);

/**
 * R4's tags, one row per client and tag, copied by trigger (migration 0039) from `clients.tags`, which stays what
 * the app reads and writes. The tag filter and its capped count read this primary key alone, and the studio's tag
 * list groups it, where a GIN index on `clients.tags` held every studio's clients: at 1,000,000 clients the count
 * of a common tag read the tag's holders in all studios from the heap (p99 828 ms, issue 20), and every R1 counter
 * rewrite of a tagged client added its tags to that index again.
 */
export const clientTags = pgTable(
  "client_tags",
  {
    studioId: uuid().notNull(),
    tag: text().notNull(),
    clientId: uuid().notNull(),
  },
  (t) => [
    primaryKey({ name: "client_tags_pkey", columns: [t.studioId, t.tag, t.clientId] }),
    index("client_tags_client_idx").on(t.studioId, t.clientId),
    foreignKey({
      name: "client_tags_client_fk",
      columns: [t.studioId, t.clientId],
      foreignColumns: [clients.studioId, clients.id],
    }).onDelete("cascade"),
  ],
);

/** R3: staff notes on a client, private to the author unless shared. */
export const clientNotes = pgTable(
  "client_notes",
  {
    studioId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    clientId: uuid().notNull(),
    /** The staff member who wrote it; null when an API key wrote it (then `authorApiKeyId`). */
    authorUserId: uuid().references(() => users.id),
    /** R3: a note written through the API is authored by the key, private to that key unless shared. */
    authorApiKeyId: uuid(),
    body: text().notNull(),
    shared: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Set when the author edits the note. */
    updatedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: "client_notes_pkey", columns: [t.studioId, t.id] }),
    foreignKey({
      name: "client_notes_client_fk",
      columns: [t.studioId, t.clientId],
      foreignColumns: [clients.studioId, clients.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "client_notes_api_key_fk",
      columns: [t.studioId, t.authorApiKeyId],
      foreignColumns: [apiKeys.studioId, apiKeys.id],
    }),
    check("client_notes_author_check", sql`(${t.authorUserId} is null) <> (${t.authorApiKeyId} is null)`),
    index("client_notes_client_idx").on(t.studioId, t.clientId, t.createdAt),
  ],
);

export type Client = typeof clients.$inferSelect;
export type ClientNote = typeof clientNotes.$inferSelect;
