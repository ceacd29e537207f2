import { sql } from "drizzle-orm";
import {
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
import { studios } from "./studios";

/** M12: a code takes its discount off the first payment only, or off every recurring payment. */
export const promoAppliesTo = pgEnum("promo_applies_to", ["first", "every"]);
export type PromoAppliesTo = (typeof promoAppliesTo.enumValues)[number];

/**
 * M12: a studio's promo code. Percent or amount off (exactly one), for the
 * plans listed, valid between two optional instants, with an optional total
 * limit (`uses` counts redemptions, raised only by a conditional UPDATE so the
 * last use is given once) and an optional limit per client. The code is
 * matched case-insensitively and unique per studio in that sense.
 */
export const promoCodes = pgTable(
  "promo_codes",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    code: text().notNull(),
    percentOff: integer(),
    amountOffCents: integer(),
    planIds: uuid().array().notNull(),
    validFrom: timestamp({ withTimezone: true }),
    validUntil: timestamp({ withTimezone: true }),
    maxUses: integer(),
    maxUsesPerClient: integer(),
    appliesTo: promoAppliesTo().notNull().default("first"),
    uses: integer().notNull().default(0),
    /** The matching coupon on the studio's connected Stripe account, made on first use at checkout. */
    stripeCouponId: text(),
    deactivatedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "promo_codes_pkey", columns: [t.studioId, t.id] }),
    uniqueIndex("promo_codes_code_key").on(t.studioId, sql`lower(${t.code})`),
    check(
      "promo_codes_discount_check",
      sql`(${t.percentOff} is null) <> (${t.amountOffCents} is null)
       and (${t.percentOff} is null or ${t.percentOff} between 1 and 100)
       and (${t.amountOffCents} is null or ${t.amountOffCents} > 0)`,
    ),
    check("promo_codes_uses_check", sql`${t.uses} >= 0 and (${t.maxUses} is null or ${t.uses} <= ${t.maxUses})`),
    check(
      "promo_codes_limits_check",
      sql`(${t.maxUses} is null or ${t.maxUses} > 0) and (${t.maxUsesPerClient} is null or ${t.maxUsesPerClient} > 0)`,
    ),
  ],
);

/** M12: one use of a promo code: by whom, on which membership, and how much it took off the first payment. */
export const promoRedemptions = pgTable(
  "promo_redemptions",
  {
    studioId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    promoCodeId: uuid().notNull(),
    clientId: uuid().notNull(),
    membershipId: uuid().notNull(),
    amountOffCents: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "promo_redemptions_pkey", columns: [t.studioId, t.id] }),
    foreignKey({
      name: "promo_redemptions_code_fk",
      columns: [t.studioId, t.promoCodeId],
      foreignColumns: [promoCodes.studioId, promoCodes.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "promo_redemptions_client_fk",
      columns: [t.studioId, t.clientId],
      foreignColumns: [clients.studioId, clients.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "promo_redemptions_membership_fk",
      columns: [t.studioId, t.membershipId],
      foreignColumns: [memberships.studioId, memberships.id],
    }).onDelete("cascade"),
    uniqueIndex("promo_redemptions_membership_key").on(t.studioId, t.membershipId),
    index("promo_redemptions_client_idx").on(t.studioId, t.promoCodeId, t.clientId),
    check("promo_redemptions_amount_check", sql`${t.amountOffCents} >= 0`),
  ],
);

export type PromoCode = typeof promoCodes.$inferSelect;
export type PromoRedemption = typeof promoRedemptions.$inferSelect;
