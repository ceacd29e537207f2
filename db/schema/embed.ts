import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { studios } from "./studios";

/**
 * E2: the ids (`jti`) of embed tokens already accepted, per studio, so a token
 * works once. Kept until it would have expired anyway; older rows are pruned.
 */
export const embedTokenUses = pgTable(
  "embed_token_uses",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    jti: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: "embed_token_uses_pkey", columns: [t.studioId, t.jti] }),
    index("embed_token_uses_expires_idx").on(t.expiresAt),
  ],
);
