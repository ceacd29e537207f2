import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { studios } from "./studios";

export const messageStatus = pgEnum("message_status", ["sent", "failed", "not_sent", "queued"]);
export type MessageStatus = (typeof messageStatus.enumValues)[number];

/**
 * The mail outbox (J1): a row is written, `queued`, in the transaction that
 * causes the mail, together with the job that sends it; the job's handler
 * (lib/mail/deliver.ts) updates it to `sent`, or `failed` with the last error
 * once its attempts run out. Owners see every row under Settings → Sent mail.
 */
export const messages = pgTable(
  "messages",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    /** What kind of mail: "welcome", "client_message", … */
    kind: text().notNull(),
    toAddress: text().notNull(),
    replyTo: text(),
    subject: text().notNull(),
    body: text().notNull(),
    /** The client it was about, if any. No foreign key: the log outlives deletions. */
    clientId: uuid(),
    status: messageStatus().notNull(),
    error: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The effect's name given to enqueueMail (`booked:<id>`): one message per key and studio (J1). */
    key: text(),
    /** Template (lib/mail/templates) the mail is rendered from at delivery, with its props; null for plain mails. */
    template: text(),
    props: jsonb().$type<Record<string, unknown>>(),
    /** SMTP attempts so far. */
    attempts: integer().notNull().default(0),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: "messages_pkey", columns: [t.studioId, t.id] }),
    index("messages_studio_created_idx").on(t.studioId, t.createdAt.desc()),
    uniqueIndex("messages_studio_key_idx").on(t.studioId, t.key),
  ],
);

export type Message = typeof messages.$inferSelect;
