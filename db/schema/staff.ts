import { index, pgEnum, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { studios } from "./studios";

export const staffRole = pgEnum("staff_role", ["owner", "instructor"]);
export type StaffRole = (typeof staffRole.enumValues)[number];

/** A user working for a studio, with a role (SPEC "staff"). */
export const staff = pgTable(
  "staff",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: staffRole().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "staff_pkey", columns: [t.studioId, t.userId] }), index("staff_user_idx").on(t.userId)],
);

export type Staff = typeof staff.$inferSelect;
