import { z } from "zod";
import { requireStaffContext } from "@/lib/auth";
import type { Ctx } from "@/lib/core/ctx";
import { NotFoundError } from "@/lib/core/errors";
import { invalidInputFrom, isUuid } from "@/lib/core/validation";
import { checked, formAction, type FormState } from "./form";

/** The schema under optional/nullable/default wrappers, to know how a form field is read. */
function baseType(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const def = (s as { def?: { type?: string; innerType?: z.ZodType; in?: z.ZodType } }).def;
    if (def?.innerType && ["optional", "nullable", "default", "prefault", "catch", "readonly"].includes(def.type ?? ""))
      s = def.innerType;
    else if (def?.type === "pipe" && def.in) s = def.in;
    else return s;
  }
}

/** Where a form's field names differ from the schema's keys: `{ priceCents: "price" }`. */
export type FormNames<S extends z.ZodObject> = Partial<Record<keyof S["shape"] & string, string>>;

/** How a wrapped action reads its form, beyond the schema. */
export type StaffActionOptions<S extends z.ZodObject> = {
  /**
   * The form's name of a field whose name is not the schema's key (`{ priceCents: "price" }`, `{ id: "jobId" }`).
   * The field is read from the form's name; refusals stay keyed by the schema's key, as the verb reports them.
   */
  names?: FormNames<S>;
};

/**
 * A form as the schema's input: for each field of the schema, a checkbox (boolean) is on or off, a number field
 * is its number, and text is trimmed (a password is read as typed: its spaces are part of it); an empty field is
 * absent, so the schema's own "required" message speaks. `names` maps a schema key to the form's field name.
 */
export function formInput(
  form: FormData,
  shape: Record<string, z.ZodType>,
  names: Record<string, string | undefined> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    const name = names[key] ?? key;
    const type = (baseType(field) as { def?: { type?: string } }).def?.type;
    if (type === "boolean") {
      out[key] = checked(form, name);
      continue;
    }
    if (type === "array") {
      out[key] = form
        .getAll(name)
        .filter((v): v is string => typeof v === "string")
        .map((v) => v.trim());
      continue;
    }
    const v = form.get(name);
    const text = typeof v === "string" ? (/password/i.test(key) ? v : v.trim()) : "";
    if (text === "") continue;
    out[key] = type === "number" ? Number(text) : text;
  }
  return out;
}

/**
 * A hidden field naming one row of `what` (a plan, a membership…), for a verb that takes the id beside its input.
 * Anything but a UUID is "not found", exactly like another studio's id: no "invalid id" tells ids apart.
 */
export function FormId(what: string) {
  return z
    .string()
    .default("")
    .transform((s) => {
      if (!isUuid(s)) throw new NotFoundError(what);
      return s;
    });
}

/**
 * A list typed as text: "sauna, member-area , sauna" (or one per line, with `separator` /\r?\n/), read as the
 * verb's own list schema: split, trimmed, empty items and repeats dropped. Empty text is the list's absence.
 */
export function ListText<T extends z.ZodType>(list: T, separator: RegExp = /,/) {
  return z.preprocess(
    (v) =>
      typeof v === "string"
        ? [
            ...new Set(
              v
                .split(separator)
                .map((s) => s.trim())
                .filter(Boolean),
            ),
          ]
        : v,
    list,
  );
}

/** The form read with the schema: its refusals become an InvalidInputError, with messages beside their fields. */
function parseForm<S extends z.ZodObject>(schema: S, form: FormData, options: StaffActionOptions<S>): z.output<S> {
  const names = (options.names ?? {}) as Record<string, string | undefined>;
  const parsed = schema.safeParse(formInput(form, schema.shape as Record<string, z.ZodType>, names));
  if (!parsed.success) throw invalidInputFrom(parsed.error);
  return parsed.data;
}

/** The form's field names (the schema's keys, or their `names`), for the authorisation matrix (test/trust). */
function fieldNames<S extends z.ZodObject>(schema: S, options: StaffActionOptions<S>): string[] {
  const names = (options.names ?? {}) as Record<string, string | undefined>;
  return Object.keys(schema.shape).map((key) => names[key] ?? key);
}

/**
 * The one wrapper of staff server actions (STYLE Dec 2026 #3):
 * `export const createCompanyAction = staffAction(CreateCompanyInput, async (ctx, input) => …)` is
 * the caller's context first (requireStaffContext: no session, no work), then the form read with the verb's
 * own schema (`formInput`, then `safeParse`: refusals land beside their fields), then the body, with
 * DomainErrors mapped to the form's state (`formAction`). The schema's fields are the form's field names
 * (or `options.names`). test/trust/server-actions.ts knows it as a context builder (ACTION_WRAPPERS).
 */
export function staffAction<S extends z.ZodObject>(
  schema: S,
  body: (ctx: Ctx, input: z.output<S>, form: FormData) => Promise<FormState>,
  options: StaffActionOptions<S> = {},
): ((state: FormState, form: FormData) => Promise<FormState>) & { formFields: string[] } {
  const action = async (_state: FormState, form: FormData): Promise<FormState> => {
    const ctx = await requireStaffContext();
    return formAction(form, async () => body(ctx, parseForm(schema, form, options), form));
  };
  // The form's field names, for the authorisation matrix (test/trust), which fills them with another studio's ids.
  return Object.assign(action, { formFields: fieldNames(schema, options) });
}

/**
 * The same wrapper for a plain `<form action={…}>` with no form state (a button in a list): the caller's context,
 * the form read with the schema, the body; then `after(state)` runs whether the body was done or refused (a
 * DomainError, or the schema's refusal), usually to revalidate and to redirect to `?<what>=failed`. Anything else
 * (a redirect, a bug) propagates as from `staffAction`.
 */
export function staffFormAction<S extends z.ZodObject>(
  schema: S,
  body: (ctx: Ctx, input: z.output<S>, form: FormData) => Promise<unknown>,
  after: (state: FormState) => void | Promise<void> = () => {},
  options: StaffActionOptions<S> = {},
): ((form: FormData) => Promise<void>) & { formFields: string[] } {
  const action = async (form: FormData): Promise<void> => {
    const ctx = await requireStaffContext();
    const state = await formAction(form, async () => {
      await body(ctx, parseForm(schema, form, options), form);
      return { ok: true };
    });
    await after(state);
  };
  return Object.assign(action, { formFields: fieldNames(schema, options) });
}
