import { index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { studios } from "./studios";

export const messageStatus = pgEnum("message_status", ["sent", "failed", "not_sent"]);
export type MessageStatus = (typeof messageStatus.enumValues)[number];

/** Every mail sent or attempted, so owners can see what went out (Settings → Sent mail). */
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
  },
  (t) => [
    primaryKey({ name: "messages_pkey", columns: [t.studioId, t.id] }),
    index("messages_studio_created_idx").on(t.studioId, t.createdAt.desc()),
  ],
);

export type Message = typeof messages.$inferSelect;
