import { index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { studios } from "./studios";

export const staffRole = pgEnum("staff_role", ["owner", "manager", "front_desk", "instructor"]);
export type StaffRole = (typeof staffRole.enumValues)[number];

/** A user working for a studio, with a role (docs/rules.md "staff"). */
export const staff = pgTable(
  "staff",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: staffRole().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "staff_pkey", columns: [t.studioId, t.userId] }), index("staff_user_idx").on(t.userId)],
);

export type Staff = typeof staff.$inferSelect;

/**
 * T1: an invitation to join a studio's staff with a role. Single use
 * (`acceptedAt`), revocable (`revokedAt`), expires after 7 days; only the
 * token's SHA-256 is stored (lib/auth/one-time-token.ts).
 */
export const staffInvitations = pgTable(
  "staff_invitations",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    email: text().notNull(),
    role: staffRole().notNull(),
    tokenHash: text().notNull(),
    invitedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "staff_invitations_pkey", columns: [t.studioId, t.id] }),
    uniqueIndex("staff_invitations_token_key").on(t.tokenHash),
    index("staff_invitations_studio_email_idx").on(t.studioId, t.email),
  ],
);

export type StaffInvitation = typeof staffInvitations.$inferSelect;
