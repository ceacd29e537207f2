import { boolean, foreignKey, index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clients } from "./clients";
import { studios } from "./studios";

/** The three ready retention flows (issue 17 "Retention automations"; lib/retention). */
export const retentionFlow = pgEnum("retention_flow", ["welcome", "growing", "winback"]);
export type RetentionFlow = (typeof retentionFlow.enumValues)[number];

/**
 * A studio's settings of one flow: on or off, and its template. No row = off with the default template
 * (lib/retention/flows.ts), so a new studio sends nothing until an owner switches a flow on.
 */
export const retentionFlows = pgTable(
  "retention_flows",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    flow: retentionFlow().notNull(),
    enabled: boolean().notNull().default(false),
    subject: text().notNull(),
    body: text().notNull(),
    /** When the flow was last switched on. */
    enabledAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "retention_flows_pkey", columns: [t.studioId, t.flow] })],
);

/**
 * One row per mail a flow sent: the key (studio, flow, client, episode) makes each client get each flow's mail
 * at most once per qualifying episode. Written in the same transaction as the outbox row (J1), whose key is
 * `retention:<flow>:<client>:<episode>` (lib/retention/run-flows.ts). The episode is
 * "once" for welcome and growing, and the lapse (the last booking's instant) for win-back.
 */
export const retentionSends = pgTable(
  "retention_sends",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    flow: retentionFlow().notNull(),
    clientId: uuid().notNull(),
    episode: text().notNull(),
    subject: text().notNull(),
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "retention_sends_pkey", columns: [t.studioId, t.flow, t.clientId, t.episode] }),
    index("retention_sends_client_idx").on(t.studioId, t.clientId, t.sentAt),
    foreignKey({
      name: "retention_sends_client_fk",
      columns: [t.studioId, t.clientId],
      foreignColumns: [clients.studioId, clients.id],
    }).onDelete("cascade"),
  ],
);

export type RetentionFlowRow = typeof retentionFlows.$inferSelect;
export type RetentionSend = typeof retentionSends.$inferSelect;
