import { integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * A login. Global, not per studio: one person may be staff of one studio and a
 * client of others with the same email and password. Columns follow Auth.js's
 * user shape so an adapter can be added for other providers later.
 */
export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Normalised (trimmed, lower-cased). */
    email: text().notNull(),
    name: text(),
    emailVerified: timestamp({ withTimezone: true }),
    image: text(),
    /** scrypt$N$r$p$salt$hash; null for a user who never set a password. */
    passwordHash: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

/** Auth.js: linked OAuth accounts. */
export const accounts = pgTable(
  "accounts",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text().notNull(),
    provider: text().notNull(),
    providerAccountId: text().notNull(),
    refresh_token: text(),
    access_token: text(),
    expires_at: integer(),
    token_type: text(),
    scope: text(),
    id_token: text(),
    session_state: text(),
  },
  (t) => [primaryKey({ name: "accounts_pkey", columns: [t.provider, t.providerAccountId] })],
);

/** Auth.js: database sessions (unused while sessions are JWTs; kept for adapters). */
export const sessions = pgTable("sessions", {
  sessionToken: text().primaryKey(),
  userId: uuid()
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expires: timestamp({ withTimezone: true }).notNull(),
});

/** Auth.js: one-time tokens (email sign-in, password reset). */
export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text().notNull(),
    token: text().notNull(),
    expires: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: "verification_tokens_pkey", columns: [t.identifier, t.token] })],
);

export type User = typeof users.$inferSelect;
