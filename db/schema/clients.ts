import { sql } from "drizzle-orm";
import {
  boolean,
  foreignKey,
  index,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
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

/** A person the studio has dealt with (SPEC "client", C1–C4). */
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
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    source: clientSource().notNull(),
    /** The portal login of this client, if any. */
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** W1: the opaque token in the member card's QR code (random, never derived from the id). */
    cardToken: text()
      .notNull()
      .default(sql`replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')`),
    /** H3: staff disabled the client's portal access. */
    portalDisabled: boolean().notNull().default(false),
    erasedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "clients_pkey", columns: [t.studioId, t.id] }),
    uniqueIndex("clients_studio_email_key")
      .on(t.studioId, t.emailNormalized)
      .where(sql`${t.emailNormalized} is not null`),
    uniqueIndex("clients_card_token_key").on(t.cardToken),
    uniqueIndex("clients_studio_user_key").on(t.studioId, t.userId).where(sql`${t.userId} is not null`),
    index("clients_studio_created_idx").on(t.studioId, t.createdAt.desc(), t.id.desc()),
    index("clients_tags_idx").using("gin", t.tags),
  ],
);

/** R3: staff notes on a client, private to the author unless shared. */
export const clientNotes = pgTable(
  "client_notes",
  {
    studioId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    clientId: uuid().notNull(),
    authorUserId: uuid()
      .notNull()
      .references(() => users.id),
    body: text().notNull(),
    shared: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "client_notes_pkey", columns: [t.studioId, t.id] }),
    foreignKey({
      name: "client_notes_client_fk",
      columns: [t.studioId, t.clientId],
      foreignColumns: [clients.studioId, clients.id],
    }).onDelete("cascade"),
    index("client_notes_client_idx").on(t.studioId, t.clientId),
  ],
);

export type Client = typeof clients.$inferSelect;
export type ClientNote = typeof clientNotes.$inferSelect;
