import fs from "node:fs";
import path from "node:path";
import { DomainError, ForbiddenError } from "@/lib/core/errors";
import { ROOT, type ActionExport } from "./server-actions";
import type { Ids, World } from "./world";

/**
 * What the authorisation matrix (authorization-matrix.test.ts) counts as a
 * refusal, and how it fills an action's arguments from the files' own field names.
 */

/** How a call ended, reduced to what the matrix judges. */
export type Category =
  /** A redirect to a sign-in page, or a form state asking to sign in. */
  | "signin"
  /** A redirect to the portal's home (signed in, but not a client of this studio). */
  | "home"
  /** notFound(), a `not_found` domain error, a "… was not found." form state, `{ notFound: true }`, or an empty answer. */
  | "not_found"
  /** A `forbidden` domain error or its form state. */
  | "forbidden"
  /** A redirect that reports a refused form (`?…=failed`): refused, reason not shown. */
  | "failed"
  /** Any other refused form state (`ok: false`). */
  | "invalid"
  /** It did what was asked (ok, a value, a redirect elsewhere). */
  | "done"
  /** It threw something that is neither a Next.js control-flow error nor a domain error. */
  | "crash";

export type Outcome = { category: Category; detail: string };

/** Every message a ForbiddenError is thrown with (the default, and each literal one in lib/ and app/), read from the source. */
function forbiddenMessages(): Set<string> {
  const found = new Set([new ForbiddenError().message]);
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(e.name)) {
        for (const m of fs.readFileSync(full, "utf8").matchAll(/new ForbiddenError\(\s*"((?:[^"\\]|\\.)*)"\s*\)/g))
          found.add(JSON.parse(`"${m[1]}"`));
      }
    }
  };
  for (const dir of ["lib", "app"]) walk(path.join(ROOT, dir));
  return found;
}
const FORBIDDEN_MESSAGES = forbiddenMessages();

function digestOf(e: unknown): string | undefined {
  return typeof e === "object" && e !== null && "digest" in e && typeof (e as { digest: unknown }).digest === "string"
    ? (e as { digest: string }).digest
    : undefined;
}

/** Where a Next.js redirect error points, or undefined. */
export function redirectTarget(e: unknown): string | undefined {
  const digest = digestOf(e);
  if (!digest?.startsWith("NEXT_REDIRECT;")) return undefined;
  return digest.split(";").slice(2, -2).join(";");
}

function classifyRedirect(to: string): Category {
  const path = to.replace(/^https?:\/\/[^/]+/, "");
  if (/^\/signin(?:[?#]|$)/.test(path) || /^\/s\/[^/?#]+\/signin(?:[?#]|$)/.test(path)) return "signin";
  if (/^\/s\/[^/?#]+\/?$/.test(path)) return "home";
  if (/[?&][a-z]+=failed(?:&|$)/.test(path)) return "failed";
  return "done";
}

/** Runs a call and says how it ended. */
export async function outcomeOf(call: () => Promise<unknown>): Promise<Outcome> {
  let value: unknown;
  try {
    value = await call();
  } catch (e) {
    const to = redirectTarget(e);
    if (to !== undefined) return { category: classifyRedirect(to), detail: `redirect ${to}` };
    const digest = digestOf(e);
    if (digest?.startsWith("NEXT_HTTP_ERROR_FALLBACK;404")) return { category: "not_found", detail: "notFound()" };
    if (e instanceof DomainError) {
      const category =
        e.code === "not_found"
          ? "not_found"
          : e.code === "forbidden"
            ? "forbidden"
            : e.code === "unauthenticated"
              ? "signin"
              : "invalid";
      return { category, detail: `threw ${e.name}(${e.code}): ${e.message}` };
    }
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { category: "crash", detail: `threw ${message}` };
  }
  if (Array.isArray(value))
    return { category: value.length ? "done" : "not_found", detail: `returned ${value.length} rows` };
  if (value && typeof value === "object" && "ok" in value) {
    const s = value as { ok: boolean; formError?: string; fieldErrors?: unknown; notFound?: boolean; message?: string };
    const detail = `returned ${JSON.stringify({ ok: s.ok, formError: s.formError, fieldErrors: s.fieldErrors, notFound: s.notFound, message: s.message })}`;
    if (s.ok) return { category: "done", detail };
    if (s.notFound) return { category: "not_found", detail };
    if (s.formError && /was not found\.?$/.test(s.formError)) return { category: "not_found", detail };
    if (s.formError && FORBIDDEN_MESSAGES.has(s.formError)) return { category: "forbidden", detail };
    if (s.formError && /\bsign in\b/i.test(s.formError)) return { category: "signin", detail };
    return { category: "invalid", detail };
  }
  return { category: "done", detail: `returned ${JSON.stringify(value)?.slice(0, 200)}` };
}

/** Field names that carry an id, and which kind of row they name. */
const ID_FIELDS: Record<string, keyof Ids> = {
  clientId: "client",
  primaryId: "client",
  targetClientId: "client",
  // A second client of the same studio, so a merge is not refused as "into itself" before the lookup.
  sourceClientId: "participant",
  ids: "client",
  planId: "plan",
  // M12: a promo code's plans (a list; the form sends one).
  planIds: "plan",
  membershipId: "membership",
  sessionId: "session",
  classId: "class",
  bookingId: "booking",
  noteId: "note",
  companyId: "company",
  entryId: "entry",
  paymentId: "payment",
  // T1, T3: staff are named by their login's id.
  staffId: "staff",
  instructorId: "staff",
  invitationId: "invitation",
  // J1: a failed mail of the studio (Settings → Sent mail) and a job of its queue (Settings → Jobs).
  messageId: "message",
  jobId: "job",
  // F1: a form, its version, and the plans and classes that require it.
  formId: "form",
  versionId: "formVersion",
  classIds: "class",
};

/** Ids that name something of one person (not a studio-wide thing such as a session or a plan). */
export const PERSONAL_ID_KINDS: (keyof Ids)[] = [
  "client",
  "membership",
  "booking",
  "guestBooking",
  "entry",
  "payment",
  "duePayment",
  "note",
  "participant",
];

/** The kind of row a bare `id` field names, read from the export's name. */
function bareIdKind(exportName: string): keyof Ids {
  const n = exportName;
  if (/Webhook/.test(n)) return "webhook";
  if (/PromoCode/.test(n)) return "promoCode";
  if (/MarkPaymentPaid|PaymentPaid/i.test(n)) return "duePayment";
  if (/Payment/.test(n)) return "payment";
  if (/Fee/.test(n)) return "payment"; // B9: a fee is a payment
  if (/Plan/.test(n)) return "plan";
  if (/Membership/.test(n)) return "membership";
  if (/ApiKey/.test(n)) return "apiKey";
  if (/Note/.test(n)) return "note";
  if (/Company/.test(n)) return "company";
  if (/Booking/.test(n)) return "booking";
  if (/Session/.test(n)) return "session";
  if (/Class/.test(n)) return "class";
  if (/Client/.test(n)) return "client";
  throw new Error(
    `${exportName}: a bare "id" field, and its name does not say what it names; teach test/trust/matrix.ts`,
  );
}

/** The id kind a field (or positional parameter) carries, or undefined when it carries none. */
export function idKindOf(field: string, exportName: string): keyof Ids | "cardToken" | undefined {
  if (field === "id") return bareIdKind(exportName);
  // Attaching (S7) needs a booking no membership pays yet, or it is refused before the membership is looked at.
  if (field === "bookingId" && /attach/i.test(exportName)) return "guestBooking";
  if (field === "token") return "cardToken";
  if (field in ID_FIELDS) return ID_FIELDS[field];
  if (/Id$|Ids$/.test(field))
    throw new Error(`${exportName}: field "${field}" looks like an id; add it to ID_FIELDS in test/trust/matrix.ts`);
  return undefined;
}

function day(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 24 * 3600_000).toISOString().slice(0, 10);
}

/** Valid values for the non-id fields, so a refusal is about who calls, not about what was typed. */
function sampleValue(field: string, target: World): string {
  const samples: Record<string, string> = {
    name: "Trust Test",
    email: target.victimEmail,
    ownerEmail: target.victimEmail,
    password: "not the right password 1",
    ownerPassword: "not the right password 1",
    ownerName: "Trust Test",
    body: "Hello from the trust suite",
    subject: "Hello",
    tag: "vip",
    tags: "vip",
    price: "10.00",
    kind: "sessions",
    sessions: "5",
    durationDays: "30",
    currency: "EUR",
    public: "on",
    payment: "cash",
    method: "cash",
    amount: "1.00",
    reason: "trust",
    fromDate: day(10),
    untilDate: day(12),
    endDate: day(90),
    sessionsDelta: "1",
    archived: "1",
    confirm: "ERASE",
    enabled: "false",
    takeSession: "on",
    shared: "on",
    title: "Trust class",
    capacity: "5",
    durationMinutes: "60",
    mode: "one-off",
    date: day(20),
    time: "18:30",
    weeklyTime: "18:30",
    from: day(20),
    until: day(27),
    days: "mon",
    timezone: "Europe/Warsaw",
    lateCancelHours: "0",
    q: "Vic",
    role: "instructor",
    // X2: a public https URL (the verb refuses the caller before it resolves the host).
    url: "https://hooks.example/roster",
    events: "client.created",
    // M12: a promo code's fields.
    code: "TRUST10",
    percentOff: "10",
    // F1: publishing a version, signing a form.
    resign: "everyone",
    fullName: "Trust Test",
    agree: "on",
    // Retention automations: which flow.
    flow: "welcome",
  };
  return samples[field] ?? "";
}

export type Fill = {
  /** Whose ids go into id fields. */
  ids: World;
  /** Whose slug goes into the `studio` field (the portal's studio). */
  slug: World;
  /** Id kinds taken from `override` instead (mixed cases). */
  override?: { world: World; kinds: (keyof Ids | "cardToken")[] };
  /** Another row of the same world for a kind (e.g. plan → privatePlan). */
  swap?: Partial<Record<keyof Ids, keyof Ids>>;
};

function idValue(kind: keyof Ids | "cardToken", fill: Fill): string {
  const w = fill.override?.kinds.includes(kind) ? fill.override.world : fill.ids;
  return kind === "cardToken" ? w.cardToken : w.ids[fill.swap?.[kind] ?? kind];
}

/** The id kinds an action's fields and positional parameters carry. */
export function idKinds(a: ActionExport): (keyof Ids | "cardToken")[] {
  const names = [...a.fields, ...a.params.filter((_, i) => !isFormParam(a, i) && !isStateParam(a, i))];
  return [...new Set(names.map((f) => idKindOf(f, a.name)).filter((k): k is keyof Ids | "cardToken" => !!k))];
}

function isFormParam(a: ActionExport, i: number) {
  return /FormData/.test(a.paramTypes[i] ?? "");
}
function isStateParam(a: ActionExport, i: number) {
  return /State\b/.test(a.paramTypes[i] ?? "") || (i === 0 && /^_/.test(a.params[i] ?? "") && a.params.length > 1);
}

/** The arguments to call an action with: its form filled from its own field names. */
export function argumentsFor(a: ActionExport, fill: Fill): unknown[] {
  const form = new FormData();
  for (const field of a.fields) {
    const kind = idKindOf(field, a.name);
    if (field === "studio") form.set(field, fill.slug.slug);
    else if (kind) form.set(field, idValue(kind, fill));
    else {
      const v = sampleValue(field, fill.ids);
      if (v !== "") form.set(field, v);
    }
  }
  return a.params.map((p, i) => {
    if (isFormParam(a, i)) return form;
    if (isStateParam(a, i)) return { ok: false };
    const kind = idKindOf(p, a.name);
    if (kind) return idValue(kind, fill);
    if (p === "present") return true;
    if (p === "slug") return fill.slug.slug;
    if (p === "q") return "Vic";
    throw new Error(`${a.key}: parameter "${p}" (${a.paramTypes[i]}) — teach test/trust/matrix.ts what to pass`);
  });
}
