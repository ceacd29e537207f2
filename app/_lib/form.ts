import { DomainError, InvalidInputError } from "@/lib/core/errors";

/** What a server action hands back to its form. Never carries a password or secret. */
export type FormState = {
  ok: boolean;
  formError?: string;
  fieldErrors?: Record<string, string[]>;
  message?: string;
  /** What the person typed, so a refused form keeps it (React resets forms after an action). */
  values?: Record<string, string>;
  /** A value shown once on success (a new API key). */
  secret?: string;
};

export const initialFormState: FormState = { ok: false };

/** A FormData field as trimmed text ("" when absent). */
export function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v.trim() : "";
}

/** A FormData field as text or undefined when empty. */
export function optional(form: FormData, name: string): string | undefined {
  return text(form, name) || undefined;
}

/** A checkbox: present and not "false" means on. */
export function checked(form: FormData, name: string): boolean {
  const v = form.get(name);
  return v !== null && v !== "false" && v !== "off";
}

/** The form's text fields except secrets, to refill a refused form. */
export function keepValues(form: FormData, ...omit: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) {
    if (typeof v === "string" && !omit.includes(k) && !/password|secret|token/i.test(k)) values[k] = v;
  }
  return values;
}

/**
 * Runs the body of a server action and turns typed domain failures into form
 * state. Anything else (a redirect, a bug) propagates: redirects work and bugs
 * reach error.tsx instead of the person's screen.
 */
export async function formAction(form: FormData | null, body: () => Promise<FormState>): Promise<FormState> {
  try {
    return await body();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const values = form ? keepValues(form) : undefined;
    if (e instanceof InvalidInputError) {
      const fieldErrors = Object.keys(e.fields).length ? e.fields : undefined;
      return {
        ok: false,
        formError: fieldErrors ? "Please correct the fields marked below." : e.message,
        fieldErrors,
        values,
      };
    }
    return { ok: false, formError: e.message, values };
  }
}
