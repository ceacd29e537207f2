import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
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
import { users } from "./auth";
import { classes } from "./classes";
import { clients } from "./clients";
import { membershipPlans } from "./plans";
import { studios } from "./studios";

/** F1: who must sign again when a new version is published. */
export const formResign = pgEnum("form_resign", ["everyone", "new_clients"]);
export type FormResign = (typeof formResign.enumValues)[number];

/** F1: one question of a form version. `health`: special-category data, kept apart from the signature. */
export type FormQuestion = {
  id: string;
  kind: "text" | "yes_no" | "choice";
  label: string;
  options?: string[];
  required: boolean;
  health: boolean;
};

/** F1: a waiver or intake form of a studio; its text lives in its versions. */
export const forms = pgTable(
  "forms",
  {
    studioId: uuid()
      .notNull()
      .references(() => studios.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "forms_pkey", columns: [t.studioId, t.id] })],
);

/** F1: one published text of a form, never changed after it is published (a signature names it exactly). */
export const formVersions = pgTable(
  "form_versions",
  {
    studioId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    formId: uuid().notNull(),
    /** 1, 2, 3… per form. */
    version: integer().notNull(),
    title: text().notNull(),
    /** Sanitized Markdown (lib/forms/markdown.ts): no raw HTML is kept. */
    body: text().notNull(),
    questions: jsonb().$type<FormQuestion[]>().notNull().default([]),
    /** Who signs again because of this version (version 1: everyone, as nobody has signed yet). */
    resign: formResign().notNull().default("everyone"),
    publishedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "form_versions_pkey", columns: [t.studioId, t.id] }),
    foreignKey({
      name: "form_versions_form_fk",
      columns: [t.studioId, t.formId],
      foreignColumns: [forms.studioId, forms.id],
    }).onDelete("cascade"),
    uniqueIndex("form_versions_form_version_key").on(t.studioId, t.formId, t.version),
    check("form_versions_version_check", sql`${t.version} > 0`),
  ],
);

/** F1: a plan or a class that requires a form signed before the first purchase or booking. */
export const formRequirements = pgTable(
  "form_requirements",
  {
    studioId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    formId: uuid().notNull(),
    planId: uuid(),
    classId: uuid(),
  },
  (t) => [
    primaryKey({ name: "form_requirements_pkey", columns: [t.studioId, t.id] }),
    foreignKey({
      name: "form_requirements_form_fk",
      columns: [t.studioId, t.formId],
      foreignColumns: [forms.studioId, forms.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "form_requirements_plan_fk",
      columns: [t.studioId, t.planId],
      foreignColumns: [membershipPlans.studioId, membershipPlans.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "form_requirements_class_fk",
      columns: [t.studioId, t.classId],
      foreignColumns: [classes.studioId, classes.id],
    }).onDelete("cascade"),
    uniqueIndex("form_requirements_plan_key").on(t.studioId, t.formId, t.planId),
    uniqueIndex("form_requirements_class_key").on(t.studioId, t.formId, t.classId),
    index("form_requirements_plan_idx").on(t.studioId, t.planId),
    index("form_requirements_class_idx").on(t.studioId, t.classId),
    check("form_requirements_one_check", sql`(${t.planId} is null) <> (${t.classId} is null)`),
  ],
);

/**
 * F1: one signature of one exact version, for one client (a participant's is
 * signed by the primary customer: `signerClientId`). Keeps the typed name, the
 * "I agree", the time, the address and the user agent. Answers to health
 * questions are not here but in `form_health_answers`, so they can be hidden
 * and erased (P1) on their own.
 */
export const formSignatures = pgTable(
  "form_signatures",
  {
    studioId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    formId: uuid().notNull(),
    versionId: uuid().notNull(),
    /** Whose form it is (the participant's, for a child). */
    clientId: uuid().notNull(),
    /** Who signed: the client itself or its household's primary customer (H1). */
    signerClientId: uuid(),
    /** The login that signed (null: an embed visitor signed in by the studio's token, or signed at the desk). */
    signerUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** Staff who recorded it at the desk on the client's behalf ("signed at the desk"). */
    recordedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    fullName: text().notNull(),
    agreed: boolean().notNull(),
    /** Answers to the questions that are not health questions, by question id. */
    answers: jsonb().$type<Record<string, string>>().notNull().default({}),
    ipAddress: text(),
    userAgent: text(),
    signedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "form_signatures_pkey", columns: [t.studioId, t.id] }),
    foreignKey({
      name: "form_signatures_form_fk",
      columns: [t.studioId, t.formId],
      foreignColumns: [forms.studioId, forms.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "form_signatures_version_fk",
      columns: [t.studioId, t.versionId],
      foreignColumns: [formVersions.studioId, formVersions.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "form_signatures_client_fk",
      columns: [t.studioId, t.clientId],
      foreignColumns: [clients.studioId, clients.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "form_signatures_signer_fk",
      columns: [t.studioId, t.signerClientId],
      foreignColumns: [clients.studioId, clients.id],
    }).onDelete("cascade"),
    index("form_signatures_client_idx").on(t.studioId, t.clientId, t.formId),
    check("form_signatures_agreed_check", sql`${t.agreed}`),
  ],
);

/** F1: a signature's answers to health questions (special-category data): their own consent, read by T2's `forms.health`, deleted by erasure (P1). */
export const formHealthAnswers = pgTable(
  "form_health_answers",
  {
    studioId: uuid().notNull(),
    signatureId: uuid().notNull(),
    clientId: uuid().notNull(),
    answers: jsonb().$type<Record<string, string>>().notNull(),
    /** The separate consent to keeping health answers. */
    consentedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: "form_health_answers_pkey", columns: [t.studioId, t.signatureId] }),
    foreignKey({
      name: "form_health_answers_signature_fk",
      columns: [t.studioId, t.signatureId],
      foreignColumns: [formSignatures.studioId, formSignatures.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "form_health_answers_client_fk",
      columns: [t.studioId, t.clientId],
      foreignColumns: [clients.studioId, clients.id],
    }).onDelete("cascade"),
    index("form_health_answers_client_idx").on(t.studioId, t.clientId),
  ],
);

export type Form = typeof forms.$inferSelect;
export type FormVersion = typeof formVersions.$inferSelect;
export type FormSignature = typeof formSignatures.$inferSelect;
