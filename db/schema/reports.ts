import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clients } from "./clients";
import { studios } from "./studios";

/**
 * R9 speed (issue 17): a report's result as of an instant, served while fresh and refreshed by the
 * `reports.refresh` scheduled job (lib/reports/snapshots.ts). `key` names the report and its period
 * ("summary:2026-01-01:2026-12-31"); `asOf` is the instant the figures are of; `readAt` keeps the
 * job refreshing only what someone looks at.
 */
export const reportSnapshots = pgTable(
  "report_snapshots",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    key: text().notNull(),
    asOf: timestamp({ withTimezone: true }).notNull(),
    value: jsonb().notNull(),
    /** The studio's clients when it was computed: only a studio of snapshotMinClients() or more is served from it. */
    clients: integer().notNull().default(0),
    readAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "report_snapshots_pkey", columns: [t.studioId, t.key] })],
);

/**
 * The people behind a "now" figure (at risk) as of its snapshot's `asOf` (key `people:<figure>`), so the list
 * behind the tile pages by index instead of recomputing the figure for every page. Rewritten with the snapshot.
 */
export const reportPeople = pgTable(
  "report_people",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    figure: text().notNull(),
    clientId: uuid().notNull(),
  },
  (t) => [
    primaryKey({ name: "report_people_pkey", columns: [t.studioId, t.figure, t.clientId] }),
    // The foreign key's cascade finds a deleted client's rows by this, not by reading the studio's whole snapshot.
    index("report_people_client_idx").on(t.studioId, t.clientId),
    // Into the same studio's clients only (STYLE.md composite keys); a deleted client leaves the snapshot with it.
    foreignKey({
      name: "report_people_client_fk",
      columns: [t.studioId, t.clientId],
      foreignColumns: [clients.studioId, clients.id],
    }).onDelete("cascade"),
  ],
);
