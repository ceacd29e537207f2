import { sql } from "drizzle-orm";
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { studios } from "./studios";

/** Platform API keys. Only a SHA-256 of the key is stored; the key is shown once. */
export const apiKeys = pgTable(
  "api_keys",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    name: text().notNull(),
    /** The first characters of the key, to tell keys apart in the list. */
    prefix: text().notNull(),
    hash: text().notNull(),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    /** API.md scopes: read, book, message, manage. Keys made before scopes have all of them (manage). */
    scopes: text()
      .array()
      .notNull()
      .default(sql`'{manage}'::text[]`),
  },
  (t) => [
    primaryKey({ name: "api_keys_pkey", columns: [t.studioId, t.id] }),
    uniqueIndex("api_keys_hash_key").on(t.hash),
    index("api_keys_studio_created_idx").on(t.studioId, t.createdAt),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
