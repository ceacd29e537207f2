import { sql } from "drizzle-orm";
import {
  check,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { studios } from "./studios";

export const bulkOperationKind = pgEnum("bulk_operation_kind", ["message", "import"]);
export const bulkOperationStatus = pgEnum("bulk_operation_status", [
  "uploading",
  "queued",
  "running",
  "completed",
  "failed",
]);
export type BulkOperationKind = (typeof bulkOperationKind.enumValues)[number];
export type BulkOperationStatus = (typeof bulkOperationStatus.enumValues)[number];

/**
 * Bulk work that leaves the request (J1): a message to many clients (R8), a
 * large member import (M10). The request records the operation and enqueues
 * its one job in the same transaction; the job does the work and writes its
 * progress here (`done` of `total`), then the outcome (`result`), which the
 * dashboard shows until the user comes back for it.
 */
export const bulkOperations = pgTable(
  "bulk_operations",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    kind: bulkOperationKind().notNull(),
    status: bulkOperationStatus().notNull(),
    /** What the list shows: the message's subject, the import's file name and plan. */
    title: text().notNull(),
    /** Who started it (the actor as recorded; no foreign key: the record outlives the login). */
    actor: jsonb().$type<Record<string, unknown>>().notNull(),
    total: integer().notNull().default(0),
    done: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    /** What the job needs (message: recipients, subject, body; import: plan, format). */
    input: jsonb().$type<Record<string, unknown>>().notNull(),
    /** The outcome, for the user to come back to (import: ImportResult; message: skipped). */
    result: jsonb().$type<Record<string, unknown>>(),
    error: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: "bulk_operations_pkey", columns: [t.studioId, t.id] }),
    index("bulk_operations_studio_created_idx").on(t.studioId, t.createdAt.desc()),
    check("bulk_operations_counts_check", sql`${t.total} >= 0 and ${t.done} >= 0 and ${t.failed} >= 0`),
  ],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/** The confirmed file of a large import, in pieces of about 1 MiB, kept until its job has imported it (M10). */
export const bulkOperationFiles = pgTable(
  "bulk_operation_files",
  {
    studioId: uuid().notNull(),
    operationId: uuid().notNull(),
    seq: integer().notNull(),
    data: bytea().notNull(),
  },
  (t) => [
    primaryKey({ name: "bulk_operation_files_pkey", columns: [t.studioId, t.operationId, t.seq] }),
    foreignKey({
      name: "bulk_operation_files_operation_fk",
      columns: [t.studioId, t.operationId],
      foreignColumns: [bulkOperations.studioId, bulkOperations.id],
    }).onDelete("cascade"),
  ],
);

export type BulkOperation = typeof bulkOperations.$inferSelect;
