import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { studios } from "./studios";

export const emailConfirmationPurpose = pgEnum("email_confirmation_purpose", [
  "guest_booking",
  "household_participant",
]);
export type EmailConfirmationPurpose = (typeof emailConfirmationPurpose.enumValues)[number];

/**
 * A5: something someone asked for on behalf of an email address that nothing
 * yet proves they own — a guest booking, a household participant added by a
 * member — held until the person at that address follows the mailed link.
 * Only the SHA-256 of the link's token is stored; single use (`usedAt`), and
 * only before `expiresAt` (at most 24 h). `data` is what following the link
 * completes (JSON: the session and name of a guest booking; the household and
 * name of a participant). Nothing is created at the studio until then.
 */
export const emailConfirmations = pgTable(
  "email_confirmations",
  {
    id: uuid().primaryKey().defaultRandom(),
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    purpose: emailConfirmationPurpose().notNull(),
    tokenHash: text().notNull(),
    /** Normalised. */
    email: text().notNull(),
    data: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("email_confirmations_hash_key").on(t.tokenHash),
    index("email_confirmations_studio_idx").on(t.studioId, t.purpose),
  ],
);

export type EmailConfirmation = typeof emailConfirmations.$inferSelect;
