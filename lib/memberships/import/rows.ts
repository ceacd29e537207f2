import { z } from "zod";
import type { MembershipPlan } from "@/db/schema";
import { Phone } from "@/lib/clients/client-input";
import { Email, normalizeEmail, PersonName } from "@/lib/core/validation";
import { periodEnd } from "../membership-input";
import { parseStudioInstant } from "@/lib/core/time";

/** The columns an import file may have (M10). Headers match case-, space- and underscore-insensitively. */
export const IMPORT_COLUMNS = [
  "email",
  "name",
  "phone",
  "startsAt",
  "endsAt",
  "sessionsRemaining",
  "paypalSubscriptionId",
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Columns every row needs: the email finds the client (C1); the start, with it, makes a re-import add nothing (M10). */
export const REQUIRED_COLUMNS: readonly ImportColumn[] = ["email", "startsAt"];

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
const BY_KEY = new Map<string, ImportColumn>(IMPORT_COLUMNS.map((c) => [squash(c), c]));

/** The column a header (or JSON key) names, or null when it names none. */
export function columnFor(header: string): ImportColumn | null {
  return BY_KEY.get(squash(header)) ?? null;
}

/** One row ready to write: the client to find or create and the membership to give them. */
export type ValidRow = {
  row: number;
  email: string;
  emailNormalized: string;
  name: string;
  phone: string | undefined;
  startsAt: Date;
  endsAt: Date | null;
  /** sessions plans: the pack's count at the start (the row's, or the plan's pack size). */
  sessions: number | null;
  paypalSubscriptionId: string | undefined;
};

export type RowError = { field: string; message: string };

const blank = (v: unknown) =>
  v === null || v === undefined || (typeof v === "string" && v.trim() === "") ? undefined : v;

function instant(timeZone: string, what: string) {
  return z
    .string({ error: `Give the ${what} as a date (2026-03-01) or an ISO 8601 time (2026-03-01T09:00:00+01:00).` })
    .transform((s, c) => {
      const d = parseStudioInstant(s, timeZone);
      if (!d) {
        c.addIssue({
          code: "custom",
          message: `"${s.slice(0, 40)}" is not a date. Use 2026-03-01 or 2026-03-01T09:00:00+01:00.`,
        });
        return z.NEVER;
      }
      return d;
    });
}

const Sessions = z
  .union([z.number(), z.string().trim().regex(/^\d+$/).transform(Number)], {
    error: "Give the sessions left as a whole number.",
  })
  .pipe(
    z
      .number()
      .int({ error: "Give the sessions left as a whole number." })
      .min(0, { error: "Sessions left cannot be negative." })
      .max(1000, { error: "Sessions left can be at most 1000." }),
  );

/** Each column's own check; a row's errors are collected column by column so every one is listed (M10). */
export function columnSchemas(timeZone: string) {
  return {
    email: Email,
    name: PersonName.optional(),
    phone: Phone.optional(),
    startsAt: instant(timeZone, "start"),
    endsAt: instant(timeZone, "end").optional(),
    sessionsRemaining: Sessions.optional(),
    paypalSubscriptionId: z
      .string({ error: "Give the PayPal subscription id as text." })
      .trim()
      .max(100, { error: "Keep the PayPal subscription id under 100 characters." })
      .optional(),
  } satisfies Record<ImportColumn, z.ZodType>;
}
export type ColumnSchemas = ReturnType<typeof columnSchemas>;

/**
 * Checks one row against the columns and the plan: the end after the start, a
 * session count only on a session pack (M1). `skip` names columns whose
 * absence is already reported once for the whole file.
 */
export function validateRow(
  schemas: ColumnSchemas,
  plan: Pick<MembershipPlan, "kind" | "sessions" | "durationDays">,
  row: number,
  data: Partial<Record<ImportColumn, unknown>>,
  skip: ReadonlySet<ImportColumn> = new Set(),
): { ok: true; value: ValidRow } | { ok: false; errors: RowError[]; key: string | null } {
  const errors: RowError[] = [];
  const out: Partial<Record<ImportColumn, unknown>> = {};
  for (const column of IMPORT_COLUMNS) {
    let raw = blank(data[column]);
    if (raw === undefined && skip.has(column)) continue;
    // JSON may carry a phone or an id as a number; read it as the text it stands for.
    if (typeof raw === "number" && column !== "sessionsRemaining") raw = String(raw);
    const r = schemas[column].safeParse(raw);
    if (r.success) {
      out[column] = r.data;
      continue;
    }
    const issue = r.error.issues[0];
    const message =
      issue?.code === "invalid_type" && raw !== undefined && column !== "sessionsRemaining"
        ? `Give ${column} as text.`
        : (issue?.message ?? "Invalid value.");
    errors.push({ field: column, message });
  }
  const startsAt = out.startsAt as Date | undefined;
  const givenEnd = out.endsAt as Date | undefined;
  const given = out.sessionsRemaining as number | undefined;
  if (startsAt && givenEnd && givenEnd <= startsAt)
    errors.push({ field: "endsAt", message: "The end must be after the start." });
  if (given !== undefined && plan.kind !== "sessions") {
    errors.push({
      field: "sessionsRemaining",
      message: "Only session packs count sessions: leave this empty for this plan.",
    });
  }
  const email = out.email as string | undefined;
  const emailNormalized = email ? normalizeEmail(email) : undefined;
  const key = emailNormalized && startsAt ? duplicateKey(emailNormalized, startsAt) : null;
  // A required column the file lacks is reported once for the file; its rows are still not valid.
  if (errors.length || !email || !startsAt) return { ok: false, errors, key };

  return {
    ok: true,
    value: {
      row,
      email: email!,
      emailNormalized: emailNormalized!,
      name: (out.name as string | undefined) ?? email!.split("@")[0]!,
      phone: (out.phone as string | undefined) || undefined,
      startsAt: startsAt!,
      endsAt: givenEnd ?? periodEnd(plan, startsAt!),
      sessions: plan.kind === "sessions" ? (given ?? plan.sessions!) : null,
      paypalSubscriptionId: (out.paypalSubscriptionId as string | undefined) || undefined,
    },
  };
}

/** M10: what makes two rows the same membership (with the plan): the normalised email and the start instant. */
export function duplicateKey(emailNormalized: string, startsAt: Date): string {
  return `${emailNormalized} ${startsAt.getTime()}`;
}
