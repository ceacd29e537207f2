import { z } from "zod";
import { InvalidInputError } from "./errors";

/** Parses with a zod schema; failures become InvalidInputError with per-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw invalidInputFrom(result.error);
}

export function invalidInputFrom(error: z.ZodError): InvalidInputError {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    (fields[key] ??= []).push(issue.message);
  }
  const first = error.issues[0];
  const where = first?.path.length ? `${first.path.join(".")}: ` : "";
  return new InvalidInputError(`${where}${first?.message ?? "Invalid input."}`, fields);
}

/** C1: the form of an email that identifies a client in a studio (trimmed, lower-cased). */
export function normalizeEmail(email: string): string {
  return email.normalize("NFC").trim().toLowerCase();
}

/** An email as people type it: surrounding spaces and case do not matter. */
export const Email = z
  .string({ error: "Enter an email address." })
  .trim()
  .max(254, { error: "That email address is too long." })
  .pipe(z.email({ error: "Enter a valid email address." }));

/**
 * Characters no name needs and that make names lie (issue 9 "Bad input"): C0/C1 controls, direction
 * overrides, embeddings, isolates and marks (a right-to-left override turns "Anna\u202Egpj.exe" into
 * "Annaexe.jpg" on screen), zero-width and other invisible characters ("Ann\u200Ba" looks like
 * "Anna"), and line separators. Zero-width joiners (emoji, Indic scripts) and non-joiners (Persian) stay.
 */
const INVISIBLE_OR_CONTROL =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/;

/** A person's name: trimmed, in NFC (so "Zoë" typed either way is one spelling), not empty, nothing invisible. */
export const PersonName = z
  .string({ error: "Enter a name." })
  .trim()
  .normalize("NFC")
  .min(1, { error: "Enter a name." })
  .max(200, { error: "Keep the name under 200 characters." })
  .refine((s) => !INVISIBLE_OR_CONTROL.test(s), { error: "The name contains invisible or control characters." });

/** An IANA time zone the runtime knows. */
export const TimeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { error: "Unknown time zone. Use an IANA name such as Europe/Warsaw." },
);

/** ISO 4217 currency code. */
export const Currency = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, { error: "Use a three-letter currency code such as EUR." });

/**
 * The most one amount of money may be, in minor units (1,000,000.00): well inside Postgres `integer`
 * (int4, 2,147,483,647), so sums of a few amounts and the columns never overflow.
 */
export const MAX_CENTS = 100_000_000;

/**
 * Money, the one type for it (STYLE Dec 2026 #3): integer minor units ("cents"), not negative, at most
 * MAX_CENTS. Every money field of a verb's input and of the API is this schema (`.min(1)` where zero is
 * meaningless, `.nullish()` where money is optional).
 */
export const Money = z
  .number({ error: "Enter an amount of money." })
  .int({ error: "Money is in whole cents." })
  .min(0, { error: "Money cannot be negative." })
  .max(MAX_CENTS, { error: "That amount is too large." });
export type Money = z.output<typeof Money>;

/**
 * Money as people type it, in major units: "60", "60.5", "60,50", "1 200,00" (spaces, including
 * no-break spaces, are ignored; a point or a comma separates at most two decimals) → integer minor
 * units (6000, 6050, 6050, 120000). Anything else, including a sign or a thousands separator, is not
 * money: null. The only money grammar of the house; forms read money with `MoneyText`.
 */
export function parseMoney(value: string): number | null {
  const v = value.replace(/[\s\u00a0\u202f]/g, "");
  const m = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(v);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/**
 * A form's money field: text in major units read by `parseMoney`, then checked as `Money`. A number is
 * taken as cents already (a verb called from code). Optional fields wrap it: empty text is "not given".
 */
export const MoneyText = z.preprocess(
  (v) => (typeof v === "string" ? (parseMoney(v) ?? v) : v),
  z.number({ error: "Enter an amount such as 12.50." }).pipe(Money),
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids arrive in URLs; a malformed one is simply "not found" and never reaches SQL as a cast error. */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}
