import { sql } from "drizzle-orm";
import { foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { studios } from "./studios";

/**
 * X2: a studio's outgoing webhook endpoints. The secret signs every delivery
 * (it has to be kept to sign, so it is stored as is and shown once); after a
 * rotation the previous secret also signs until `previousSecretUntil`.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    url: text().notNull(),
    events: text().array().notNull(),
    secret: text().notNull(),
    previousSecret: text(),
    previousSecretUntil: timestamp({ withTimezone: true }),
    /** When deliveries started failing without a success since (X2: 24 h of failures disables the endpoint). */
    failingSince: timestamp({ withTimezone: true }),
    disabledAt: timestamp({ withTimezone: true }),
    disabledReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "webhook_endpoints_pkey", columns: [t.studioId, t.id] }),
    index("webhook_endpoints_studio_idx").on(t.studioId, t.createdAt),
  ],
);

export type WebhookAttempt = { at: string; status: number | null; error: string | null; durationMs: number };

/** X2: one event for one endpoint, with every attempt to deliver it. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    studioId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    endpointId: uuid().notNull(),
    eventId: uuid().notNull(),
    eventType: text().notNull(),
    /** The exact JSON body sent: `{id, type, createdAt, data}`. */
    payload: jsonb().$type<{ id: string; type: string; createdAt: string; data: unknown }>().notNull(),
    /** pending (queued or retrying), delivered, failed (gave up), skipped (endpoint deleted or disabled). */
    status: text().notNull().default("pending"),
    attempts: jsonb()
      .$type<WebhookAttempt[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: "webhook_deliveries_pkey", columns: [t.studioId, t.id] }),
    foreignKey({
      name: "webhook_deliveries_endpoint_fkey",
      columns: [t.studioId, t.endpointId],
      foreignColumns: [webhookEndpoints.studioId, webhookEndpoints.id],
    }).onDelete("cascade"),
    index("webhook_deliveries_endpoint_idx").on(t.studioId, t.endpointId, t.createdAt),
  ],
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
