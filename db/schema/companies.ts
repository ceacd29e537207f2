import { foreignKey, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clients } from "./clients";
import { studios } from "./studios";

/** M7: an employer or organisation whose memberships its linked clients inherit. */
export const companies = pgTable(
  "companies",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    name: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "companies_pkey", columns: [t.studioId, t.id] })],
);

/** Which clients are linked to which company (M7); a row exists exactly while linked. */
export const companyClients = pgTable(
  "company_clients",
  {
    studioId: uuid().notNull(),
    companyId: uuid().notNull(),
    clientId: uuid().notNull(),
    linkedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "company_clients_pkey", columns: [t.studioId, t.companyId, t.clientId] }),
    foreignKey({
      name: "company_clients_company_fk",
      columns: [t.studioId, t.companyId],
      foreignColumns: [companies.studioId, companies.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "company_clients_client_fk",
      columns: [t.studioId, t.clientId],
      foreignColumns: [clients.studioId, clients.id],
    }).onDelete("cascade"),
    index("company_clients_client_idx").on(t.studioId, t.clientId),
  ],
);

export type Company = typeof companies.$inferSelect;
