import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { studios } from "./studios";

/**
 * Append-only record of who changed what. A trigger (migration 0001) refuses
 * UPDATE, DELETE and TRUNCATE, so history cannot be rewritten even by the app.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id),
    id: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    /** "staff" | "member" | "api" | "system" */
    actorType: text().notNull(),
    /** The user id or API key id; null for the system. */
    actorId: text(),
    action: text().notNull(),
    tableName: text().notNull(),
    rowId: text(),
    data: jsonb().$type<Record<string, unknown>>(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "audit_log_pkey", columns: [t.studioId, t.id] }),
    index("audit_log_row_idx").on(t.studioId, t.tableName, t.rowId),
  ],
);

export type AuditEntry = typeof auditLog.$inferSelect;
