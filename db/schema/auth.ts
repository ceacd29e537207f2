import { index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

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

/**
 * A3: one row per signed-in session (a portal/dashboard JWT or an embed
 * cookie of a login). The cookie carries a random session id; only its
 * SHA-256 is stored here as `sessionToken`. Every request checks the row
 * (lib/auth/sessions.ts), so deleting it ends the session on the server:
 * sign-out, "sign out everywhere", a password change or reset.
 */
export const sessions = pgTable(
  "sessions",
  {
    sessionToken: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * A4: growing delays per throttle key (an account's strangers, a known device,
 * an address behind the proxy). `failures` counts failed sign-ins since the
 * last success; past a free allowance each further attempt waits until
 * `blockedUntil`. A key forgets after a day without failures.
 */
export const loginThrottles = pgTable("login_throttles", {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  blockedUntil: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
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

export const loginTokenPurpose = pgEnum("login_token_purpose", ["verify_email", "reset_password", "change_email"]);
export type LoginTokenPurpose = (typeof loginTokenPurpose.enumValues)[number];

/**
 * One-time tokens mailed to a login (A1 verify, A2 reset, change of email).
 * Only the SHA-256 of the token is stored (lib/auth/one-time-token.ts); a
 * token is used once (`usedAt`) and only before `expiresAt`. `email` is the
 * address the link was sent to (the new one for `change_email`); `data` holds
 * what following the link completes (e.g. the studio and step of a sign-up).
 */
export const loginTokens = pgTable(
  "login_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: loginTokenPurpose().notNull(),
    tokenHash: text().notNull(),
    email: text().notNull(),
    data: text(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("login_tokens_hash_key").on(t.tokenHash), index("login_tokens_user_idx").on(t.userId, t.purpose)],
);

export type User = typeof users.$inferSelect;
export type LoginToken = typeof loginTokens.$inferSelect;
