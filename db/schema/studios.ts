import { jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** Studio-wide switches. Every key has a default so older rows read complete. */
export type StudioSettings = {
  /** S6: once a newer pack of a plan is bought, cancelling a booking paid by an older one returns nothing. */
  noRestoreAfterNewPass: boolean;
  /** B7: hours before a session inside which a member's cancel keeps the session spent; 0 = off. */
  lateCancelHours: number;
  /** E3: the origins that may frame the embedded signup flow. */
  embedOrigins: string[];
};

export const defaultStudioSettings: StudioSettings = {
  noRestoreAfterNewPass: false,
  lateCancelHours: 0,
  embedOrigins: [],
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
