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
const INVISIBLE_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/;

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids arrive in URLs; a malformed one is simply "not found" and never reaches SQL as a cast error. */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}
