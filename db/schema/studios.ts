import { jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** B9: what a late cancel (B7 window) or a no-show costs: the session is forfeited, or a fee is charged. */
export type FeePolicy = { kind: "forfeit" | "fee"; feeCents?: number };

/** Studio-wide switches. Every key has a default so older rows read complete. */
export type StudioSettings = {
  /** S6: once a newer pack of a plan is bought, cancelling a booking paid by an older one returns nothing. */
  noRestoreAfterNewPass: boolean;
  /** B7: hours before a session inside which a member's cancel keeps the session spent; 0 = off. */
  lateCancelHours: number;
  /** E3: the origins that may frame the embedded signup flow. */
  embedOrigins: string[];
  /** J3: hours before a booked session its reminder mail goes out; null or 0 = no reminders. */
  sessionReminderHours: number | null;
  /** B8: members may book from this many studio days before a session (same wall-clock time); null = no limit. */
  bookingOpensDaysBefore: number | null;
  /** B8: members may book until this many minutes before a session starts; 0 = until it starts. */
  bookingClosesMinutesBefore: number;
  /** B10: automatic waitlist promotion stops this many hours before a session; null or 0 = no cutoff. */
  waitlistCutoffHours: number | null;
  /** B9: a member's cancel inside the B7 window: forfeit (B7, the session stays spent) or a fee (the session goes back). */
  lateCancelPolicy: FeePolicy;
  /** B9: a no-show: forfeit (B3, the session stays spent) or, besides, a fee. */
  noShowPolicy: FeePolicy;
};

export const defaultStudioSettings: StudioSettings = {
  noRestoreAfterNewPass: false,
  lateCancelHours: 0,
  embedOrigins: [],
  sessionReminderHours: 24,
  bookingOpensDaysBefore: null,
  bookingClosesMinutesBefore: 0,
  waitlistCutoffHours: null,
  lateCancelPolicy: { kind: "forfeit" },
  noShowPolicy: { kind: "forfeit" },
};

/** The tenant. Every row of business data names one studio. */
export const studios = pgTable(
  "studios",
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull(),
    name: text().notNull(),
    timezone: text().notNull().default("UTC"),
    currency: text().notNull().default("EUR"),
    settings: jsonb().$type<StudioSettings>().notNull().default(defaultStudioSettings),
    /** E2: the key the studio's own server signs embed tokens with (HS256). Null until the owner creates one. */
    embedSecret: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("studios_slug_key").on(t.slug)],
);

export type Studio = typeof studios.$inferSelect;
