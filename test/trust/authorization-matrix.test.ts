import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { z } from "zod";
import { eq, like } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { clients, rateLimits } from "@/db/schema";
import { requireStaffContext } from "@/lib/auth/context";
import { startSession } from "@/lib/auth/sessions";
import { endpoints, type Endpoint } from "@/lib/api/endpoint";
import "@/lib/api/endpoints";
import { EMBED_COOKIE, sealEmbedSession } from "@/lib/embed/session";
import { call } from "@/test/support/api";
import { actAs, authConfigs, openSession, type RequestIdentity } from "@/test/support/request-context";
import { argumentsFor, idKinds, outcomeOf, PERSONAL_ID_KINDS, type Category, type Fill } from "./matrix";
import {
  allServerActions,
  PUBLIC_ACTIONS,
  ROOT,
  routeFiles,
  routeMethods,
  routePath,
  type ActionExport,
} from "./server-actions";
import { writeWatch } from "./snapshot";
import { makeWorld, type World } from "./world";
import type { StaffRole } from "@/db/schema";
import { ROLE_PERMISSIONS, type Permission } from "@/lib/core/permissions";

// Only the request is replaced (test/support/request-context.ts): next/headers, the session Auth.js reads
// (a stand-in NextAuth() around the app's real config), and next/cache's revalidation, which needs Next's
// render store. The database, the verbs and the context builders are real.
vi.mock("next/headers", async () => (await import("@/test/support/request-context")).nextHeadersModule());
vi.mock("next-auth", async () => (await import("@/test/support/request-context")).nextAuthModule());
vi.mock("next-auth/providers/credentials", async () =>
  (await import("@/test/support/request-context")).credentialsModule(),
);
vi.mock("next/cache", async () => (await import("@/test/support/request-context")).nextCacheModule());

/**
 * Issue 9, "Authorisation matrix" and "Cross-studio ids": every exported
 * server action, found from the source, is called as a visitor, as a member
 * of the same studio, as an instructor where an owner is required, and as
 * the owner of another studio holding this studio's real ids. Each must be
 * refused, and not one row of any table may change.
 */

/**
 * T2, SPEC "staff": the permission each action needs beyond being staff, from
 * the one table in lib/core/permissions.ts. Every staff role that lacks it is
 * tried and must be refused; everything under app/dashboard/settings/ needs at
 * least `settings`. Actions not listed need only what every role holds (the
 * shared CRM: clients.read/write, notes.write, schedule.read).
 */
const REQUIRES: Record<string, Permission> = {
  "app/dashboard/settings/actions.ts#createApiKeyAction": "apikeys.manage",
  "app/dashboard/settings/actions.ts#revokeApiKeyAction": "apikeys.manage",
  "app/dashboard/settings/actions.ts#rotateEmbedSecretAction": "embed.manage",
  "app/dashboard/settings/webhooks/actions.ts#createWebhookAction": "apikeys.manage",
  "app/dashboard/settings/webhooks/actions.ts#deleteWebhookAction": "apikeys.manage",
  "app/dashboard/settings/webhooks/actions.ts#rotateWebhookSecretAction": "apikeys.manage",
  "app/dashboard/settings/webhooks/actions.ts#setWebhookEnabledAction": "apikeys.manage",
  "app/dashboard/settings/promo-codes/actions.ts#createPromoCodeAction": "plans.manage",
  "app/dashboard/settings/promo-codes/actions.ts#deactivatePromoCodeAction": "plans.manage",
  "app/dashboard/settings/payments/actions.ts#connectStripeAction": "stripe.manage",
  "app/dashboard/settings/payments/actions.ts#refreshStripeAction": "stripe.manage",
  "app/dashboard/settings/team/actions.ts#inviteStaffAction": "team.manage",
  "app/dashboard/settings/team/actions.ts#resendInvitationAction": "team.manage",
  "app/dashboard/settings/team/actions.ts#revokeInvitationAction": "team.manage",
  "app/dashboard/settings/team/actions.ts#changeStaffRoleAction": "team.manage",
  "app/dashboard/settings/team/actions.ts#removeStaffAction": "team.manage",
  "app/dashboard/memberships/actions.ts#createPlanAction": "plans.manage",
  "app/dashboard/memberships/actions.ts#updatePlanAction": "plans.manage",
  "app/dashboard/memberships/actions.ts#setPlanArchivedAction": "plans.manage",
  "app/dashboard/memberships/actions.ts#addMemberAction": "memberships.sell",
  "app/dashboard/memberships/actions.ts#cancelMembershipAction": "memberships.sell",
  "app/dashboard/memberships/actions.ts#suspendMembershipAction": "memberships.sell",
  "app/dashboard/memberships/actions.ts#extendMembershipAction": "memberships.sell",
  "app/dashboard/memberships/actions.ts#adjustMembershipAction": "memberships.sell",
  "app/dashboard/memberships/actions.ts#markPaymentPaidAction": "payments.take",
  "app/dashboard/memberships/actions.ts#refundPaymentAction": "payments.refund",
  "app/dashboard/clients/[id]/client-record-actions.ts#eraseClientAction": "clients.erase",
  "app/dashboard/clients/list-actions.ts#messageSelectedClientsAction": "messages.send",
  "app/dashboard/clients/[id]/crm-actions.ts#messageClientAction": "messages.send",
  "app/dashboard/schedule/actions.ts#createClassAction": "schedule.manage",
  "app/dashboard/schedule/actions.ts#addSessionsAction": "schedule.manage",
  "app/dashboard/schedule/actions.ts#cancelSessionAction": "schedule.manage",
  "app/dashboard/schedule/actions.ts#cancelSeriesAction": "schedule.manage",
  "app/dashboard/schedule/actions.ts#updateClassAction": "schedule.manage",
  "app/dashboard/schedule/actions.ts#archiveClassAction": "schedule.manage",
  "app/dashboard/schedule/actions.ts#updateSessionAction": "schedule.manage",
  "app/dashboard/schedule/actions.ts#undoNoShowAction": "attendance.mark",
  "app/dashboard/payments/actions.ts#markDuePaymentPaidAction": "payments.take",
  "app/dashboard/payments/actions.ts#waiveFeeAction": "payments.refund",
  "app/dashboard/schedule/actions.ts#setClassInstructorAction": "schedule.manage",
  "app/dashboard/schedule/actions.ts#setSessionInstructorAction": "schedule.manage",
  "app/dashboard/schedule/actions.ts#attachBookingAction": "memberships.sell",
  "app/dashboard/schedule/actions.ts#joinWaitlistAction": "bookings.manage",
  "app/dashboard/schedule/actions.ts#leaveWaitlistAction": "bookings.manage",
  // T3: the world's sessions name no instructor, so the instructor's ".own" form does not reach them.
  "app/dashboard/schedule/actions.ts#bookClientAction": "bookings.manage",
  "app/dashboard/schedule/actions.ts#cancelBookingAction": "bookings.manage",
  "app/dashboard/schedule/actions.ts#markNoShowAction": "attendance.mark",
  "app/dashboard/schedule/actions.ts#setPresentAction": "attendance.mark",
  // O2, T3: check-in marks attendance (a walk-in also needs bookings.manage, which every role holding this has).
  "app/dashboard/scan/actions.ts#checkInAction": "attendance.mark",
  // F1: signing at the desk on the client's behalf.
  "app/dashboard/clients/[id]/form-actions.ts#deskSignFormAction": "bookings.manage",
};
const requiredPermission = (a: ActionExport): Permission | undefined =>
  REQUIRES[a.key] ?? (a.file.startsWith("app/dashboard/settings/") ? "settings" : undefined);
const OTHER_ROLES = ["manager", "front_desk", "instructor"] as const satisfies StaffRole[];
const roleUser = (w: World, role: (typeof OTHER_ROLES)[number]) =>
  role === "manager" ? w.managerUserId : role === "front_desk" ? w.frontDeskUserId : w.instructorUserId;

/**
 * Mixed cases (the caller's own ids, one of another studio's) where that one
 * field is legitimately not read, so the call succeeds on the caller's own rows;
 * another studio's rows must still not change.
 */
const FIELD_NOT_READ: Record<string, string> = {
  "app/dashboard/clients/[id]/crm-actions.ts#updateNoteAction client":
    "the note names its client; clientId only picks the page to refresh",
  "app/dashboard/memberships/actions.ts#addMemberAction company":
    "a client is given, so the company field is not read (one holder)",
};

/** Actions any signed-in person may use on any studio's portal, with why. Only their visitor case is run. */
const ANY_LOGIN: Record<string, string> = {
  "app/s/[studio]/actions.ts#joinStudioAction":
    "a signed-in person becomes a client of a public portal with one click (C1); it names no row",
  "app/(auth)/invite/[token]/actions.ts#acceptInvitationAction":
    "T1: the invitation's token is the credential, and only a verified login with the invited email may use it",
};

const actions = allServerActions();
let A: World;
let B: World;
let db: Db;
let watch: ReturnType<typeof writeWatch>;
const modules = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  [A, B] = [await makeWorld("Alpha Yoga"), await makeWorld("Bravo Pilates")];
  db = await getDb();
  watch = writeWatch(db);
  for (const w of [A, B]) memberSessions.set(w, await startSession(db, w.member.userId, new Date()));
  for (const file of new Set(actions.map((a) => a.file)))
    modules.set(file, await import(/* @vite-ignore */ path.join(ROOT, file)));
  // A wrapped action (staffAction, STYLE Dec 2026 #3) reads the fields of its schema: the wrapper names them at runtime.
  for (const a of actions) {
    const formFields = (modules.get(a.file)?.[a.name] as { formFields?: string[] } | undefined)?.formFields;
    if (formFields) a.fields = [...new Set([...a.fields, ...formFields])].sort();
  }
}, 120_000);

const visitor = (): RequestIdentity | null => null;
const as = (userId: string): RequestIdentity => ({ userId });
/** A member of studio W: its login's session, and the embed's own session cookie for W (E2), as a browser would carry. */
const memberSessions = new Map<World, string>();
const memberOf = (w: World): RequestIdentity => {
  // A3: one signed-in session of the member's login, carried by both cookies.
  const sessionId = memberSessions.get(w)!;
  return {
    userId: w.member.userId,
    sessionId,
    cookies: {
      [EMBED_COOKIE]: sealEmbedSession(
        { studioId: w.t.studio.id, clientId: w.member.clientId, userId: w.member.userId, sessionId },
        new Date(),
      ),
    },
  };
};

type Case = {
  label: string;
  identity: RequestIdentity | null;
  fill: Fill;
  expected: Category[];
  /** Only this studio's rows are compared (mixed cases, where the caller's own rows may legitimately change). */
  scope?: string;
  /** Rate-limit windows may move: public doors count refused attempts by design (issue 9 "Abuse"). */
  countsAttempts?: boolean;
  /** A1: the action's answer is a mail (Sent mail may change, nothing else). */
  mails?: boolean;
  /** A2: "forgot password" mails a reset link to the address typed, whoever asks: a token and its Sent-mail line are its one effect. */
  mailsResetLink?: boolean;
  /** A1: a sign-up door whose answer for a known address is a mailed link (a token and its Sent-mail line). */
  mailsLink?: boolean;
};

/** Runs each case of one action; returns one line per case that was not refused as expected or changed a row. */
async function run(a: ActionExport, cases: Case[], fn: unknown = modules.get(a.file)?.[a.name]): Promise<string[]> {
  if (typeof fn !== "function") return [`${a.key}: not a function at runtime`];
  const problems: string[] = [];
  for (const c of cases) {
    const args = argumentsFor(a, c.fill);
    actAs(c.identity);
    await openSession();
    const { result: out, changed } = await watch(
      {
        studioId: c.scope,
        skipTables: [
          ...(c.countsAttempts ? ["rate_limits", "login_throttles"] : []),
          ...(c.mails ? ["messages"] : []),
          ...(c.mailsResetLink || c.mailsLink ? ["login_tokens", "messages"] : []),
        ],
      },
      () => outcomeOf(() => (fn as (...x: unknown[]) => Promise<unknown>)(...args)),
    );
    actAs(null);
    if (process.env.TRUST_MATRIX_DEBUG) console.log(`${a.key} [${c.label}] → ${out.category}: ${out.detail}`);
    if (!c.expected.includes(out.category))
      problems.push(`${a.key} [${c.label}]: expected ${c.expected.join("|")}, got ${out.category} (${out.detail})`);
    if (changed.length) problems.push(`${a.key} [${c.label}]: wrote to ${changed.join("; ")} (${out.detail})`);
  }
  return problems;
}

function staffCases(a: ActionExport): Case[] {
  const kinds = idKinds(a);
  const cases: Case[] = [
    { label: "visitor", identity: visitor(), fill: { ids: A, slug: A }, expected: ["signin"] },
    { label: "member of the same studio", identity: memberOf(A), fill: { ids: A, slug: A }, expected: ["signin"] },
  ];
  const needs = requiredPermission(a);
  for (const role of OTHER_ROLES) {
    if (needs && !ROLE_PERMISSIONS[role].includes(needs)) {
      cases.push({
        label: `${role} without ${needs} (T2)`,
        identity: as(roleUser(A, role)),
        fill: { ids: A, slug: A },
        expected: ["forbidden", "failed"],
      });
    }
  }
  if (kinds.includes("note") && !a.name.startsWith("add")) {
    // R3: a note is its author's to change; the owner wrote this one (shared, so the instructor may read it).
    cases.push({
      label: "instructor on the owner's note",
      identity: as(A.instructorUserId),
      fill: { ids: A, slug: A },
      expected: ["not_found", "forbidden"],
    });
  }
  if (kinds.length) {
    cases.push({
      label: "owner of another studio with this studio's ids",
      identity: as(B.ownerUserId),
      fill: { ids: A, slug: B },
      expected: ["not_found", "failed"],
    });
  }
  if (kinds.length > 1) {
    for (const k of kinds) {
      cases.push({
        label: `owner of another studio, own ids but this studio's ${k}`,
        identity: as(B.ownerUserId),
        fill: { ids: B, slug: B, override: { world: A, kinds: [k] } },
        expected: `${a.key} ${k}` in FIELD_NOT_READ ? ["done"] : ["not_found", "failed"],
        scope: A.t.studio.id,
      });
    }
  }
  return cases;
}

function memberCases(a: ActionExport): Case[] {
  const kinds = idKinds(a);
  const cases: Case[] = [
    { label: "visitor", identity: visitor(), fill: { ids: A, slug: A }, expected: ["signin"] },
    {
      label: "owner of another studio (not a client here)",
      identity: as(B.ownerUserId),
      fill: { ids: A, slug: A },
      expected: ["home", "signin"],
    },
    {
      label: "member of another studio (not a client here)",
      identity: memberOf(B),
      fill: { ids: A, slug: A },
      expected: ["home", "signin"],
    },
    {
      label: "instructor of this studio (not a client)",
      identity: as(A.instructorUserId),
      fill: { ids: A, slug: A },
      expected: ["home", "signin"],
    },
  ];
  if (kinds.length) {
    cases.push({
      label: "member with another studio's ids",
      identity: memberOf(A),
      fill: { ids: B, slug: A },
      expected: ["not_found"],
    });
  }
  if (kinds.includes("plan")) {
    // E1: the portal sells public plans only; a plan staff keep private reads as missing.
    cases.push({
      label: "member with this studio's private plan",
      identity: memberOf(A),
      fill: { ids: A, slug: A, swap: { plan: "privatePlan" } },
      expected: ["not_found"],
    });
  }
  const personal = kinds.filter((k) => (PERSONAL_ID_KINDS as string[]).includes(k));
  if (personal.length) {
    // The victim's rows of the same studio; studio-wide rows (sessions, plans) stay the studio's own.
    cases.push({
      label: "member with another member's ids in the same studio",
      identity: memberOf(A),
      fill: { ids: A, slug: A },
      expected: ["not_found", "forbidden"],
    });
  }
  return cases;
}

/**
 * A1: the sign-up doors answer alike for every address ("check your email");
 * what happens next is a mail, recorded in Sent mail, and nothing else changes.
 */
const ANSWERS_ALIKE = new Set([
  "app/s/[studio]/actions.ts#memberSignUpAction",
  "app/s/[studio]/actions.ts#resendVerificationAction",
  "app/embed/[studio]/actions.ts#embedRegisterAction",
  "app/embed/[studio]/actions.ts#embedResendAction",
]);

/**
 * A1 at /signup: for an address that already has a login, the answer is a
 * mailed link that creates the studio with that login's password; the link's
 * token and its Sent-mail line are the one effect (no studio, no staff row).
 */
const ANSWERS_ALIKE_WITH_LINK = new Set([
  "app/(auth)/actions.ts#signUpStudioAction",
  "app/(auth)/actions.ts#resendStudioSignUpAction",
]);

function publicCases(a: ActionExport): Case[] {
  if (ANSWERS_ALIKE_WITH_LINK.has(a.key)) {
    return [
      {
        label: "visitor with another studio's member's email",
        identity: visitor(),
        fill: { ids: B, slug: A },
        expected: ["done"],
        countsAttempts: true,
        mailsLink: true,
      },
    ];
  }
  // Another studio's member's email with a wrong password, this studio's slug, the other studio's ids.
  if (ANSWERS_ALIKE.has(a.key)) {
    return [
      {
        label: "visitor with another studio's member's email",
        identity: visitor(),
        fill: { ids: B, slug: A },
        expected: ["done"],
        countsAttempts: true,
        mails: true,
      },
    ];
  }
  return [
    {
      label: "visitor with another studio's ids and emails",
      identity: visitor(),
      fill: { ids: B, slug: A },
      expected: /sign-?out|forgotPassword/i.test(a.name)
        ? ["done"]
        : a.fields.includes("sessionId")
          ? ["not_found"]
          : a.fields.includes("token")
            ? ["invalid", "signin"]
            : ["invalid"],
      countsAttempts: true,
      mailsResetLink: /forgotPassword/.test(a.name),
    },
  ];
}

function casesFor(a: ActionExport): Case[] {
  if (a.key in PUBLIC_ACTIONS) return publicCases(a);
  if (a.key in ANY_LOGIN)
    return [{ label: "visitor", identity: visitor(), fill: { ids: A, slug: A }, expected: ["signin"] }];
  if (a.kind === "staff") return staffCases(a);
  if (a.kind === "member") return memberCases(a);
  throw new Error(
    `${a.key}: establishes no caller the matrix knows (${a.builders.join(", ") || "none"}); see establish-caller.test.ts`,
  );
}

describe("trust: every server action refuses a visitor, a member, each staff role without the permission (T2), and another studio (issue 9)", () => {
  it("finds the actions from the source (no hand-written list)", () => {
    expect(actions.length).toBeGreaterThanOrEqual(60);
    expect(Object.keys(REQUIRES).filter((k) => !actions.some((a) => a.key === k))).toEqual([]);
    expect(Object.keys(ANY_LOGIN).filter((k) => !actions.some((a) => a.key === k))).toEqual([]);
    expect(Object.keys(FIELD_NOT_READ).filter((k) => !actions.some((a) => a.key === k.split(" ")[0]))).toEqual([]);
  });

  it.each(actions.map((a) => [a.key, a] as const))("%s: refused, nothing written", async (_key, a) => {
    expect(await run(a, casesFor(a))).toEqual([]);
  });

  it("the matrix catches an action that trusts the id it is given, and one that checks no caller", async () => {
    // A staff action that forgets the studio: renames whichever client the form names.
    const leaky = async (_: unknown, form: FormData) => {
      await requireStaffContext();
      await db
        .update(clients)
        .set({ name: "Renamed" })
        .where(eq(clients.id, String(form.get("clientId"))));
      return { ok: true };
    };
    const fake: ActionExport = {
      ...actions.find((a) => a.kind === "staff")!,
      name: "leaky",
      key: "fake#leaky",
      fields: ["clientId"],
      params: ["_", "form"],
      paramTypes: ["FormState", "FormData"],
    };
    const caught = await run(fake, casesFor(fake), leaky);
    expect(caught).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /\[owner of another studio with this studio's ids\]: expected not_found\|failed, got done/,
        ),
        // The rename writes the client and, by trigger, its search row (client_search, migration 0035).
        expect.stringMatching(/\[owner of another studio with this studio's ids\]: wrote to [^(]*\bclients\b/),
      ]),
    );
    // An action that checks nobody: every case is reported.
    const open = async () => ({ ok: true });
    expect((await run({ ...fake, name: "open", key: "fake#open" }, casesFor(fake), open)).length).toBe(
      casesFor(fake).length,
    );
    // Put the victim's name back for the other tests.
    await db.update(clients).set({ name: "Vic Victim" }).where(eq(clients.id, A.ids.client));
  });
});

/**
 * Route handlers under app/api/. The platform API authenticates with a
 * studio's API key only (API.md): a session cookie is not a credential, and
 * every key has the owner's role, so "instructor where an owner is required"
 * has no API form. Another studio's key with this studio's ids must answer
 * 404 not_found, exactly like a missing id.
 */

/** Routes that are not the key-authenticated API, each with why and what is checked instead. */
const PUBLIC_ROUTES: Record<string, string> = {
  "app/api/v1/openapi.json/route.ts GET": "the OpenAPI document is public and reads no row",
  "app/api/stripe/webhook/route.ts POST":
    "Stripe's signature over the body is the credential (P0); unsigned calls are refused",
  "app/api/auth/[...nextauth]/route.ts GET":
    "Auth.js's own endpoints (sign-in, session, CSRF); they run only inside Next.js and are covered end to end",
  "app/api/auth/[...nextauth]/route.ts POST": "Auth.js's own endpoints; as above",
};

/** Key-authenticated routes that are not REST endpoints (no `defineEndpoint`), each with where its calls are tested. */
const NOT_ENDPOINTS: Record<string, string> = {
  "app/api/mcp/route.ts POST":
    "X3: JSON-RPC (MCP); its tools' scopes and another studio's ids are tested by lib/mcp/mcp.test.ts over HTTP",
};

/** Auth.js's real route handlers, built by the real next-auth from the config lib/auth/auth.ts gave the stand-in. */
async function realAuthHandlers(): Promise<{
  GET: (req: NextRequest) => Promise<Response>;
  POST: (req: NextRequest) => Promise<Response>;
}> {
  await import("@/lib/auth/auth");
  const config = authConfigs.at(-1);
  if (!config) throw new Error("lib/auth/auth.ts did not call NextAuth()");
  const real = await vi.importActual<{ default: (c: unknown) => { handlers: { GET: never; POST: never } } }>(
    "next-auth",
  );
  return real.default(config).handlers;
}

type RouteCase = {
  file: string;
  method: string;
  key: string;
  handler: (req: Request, ctx?: unknown) => Promise<Response>;
};
const routes: RouteCase[] = routeFiles("app/api").flatMap((file) =>
  routeMethods(file).map((method) => ({ file, method, key: `${file} ${method}`, handler: undefined as never })),
);

/** A path parameter's value: the id of the row the segment names. */
function paramValue(name: string, routePath: string, w: World): string {
  if (name === "token") return w.cardToken;
  if (name === "tag") return "vip";
  if (name === "clientId") return w.ids.client;
  if (name === "figure") return "atRisk"; // R9: a figure of the reports, not a row
  if (name !== "id") throw new Error(`${routePath}: path parameter {${name}}; teach the matrix what it names`);
  const seg = routePath.split("/{id}")[0]!.split("/").at(-1)!;
  const kinds: Record<string, keyof World["ids"]> = {
    clients: "client",
    plans: "plan",
    memberships: "membership",
    sessions: "session",
    classes: "class",
    bookings: "booking",
    payments: "payment",
    companies: "company",
    staff: "staff",
    invitations: "invitation",
    webhooks: "webhook",
  };
  const kind = kinds[seg];
  if (!kind) throw new Error(`${routePath}: {id} under /${seg}; teach the matrix what it names`);
  // mark-paid needs a payment that is still due; refunds a paid one; attaching a booking no membership pays.
  if (kind === "payment" && routePath.endsWith("/mark-paid")) return w.ids.duePayment;
  if (kind === "booking" && routePath.endsWith("/attach")) return w.ids.guestBooking;
  // A waitlist is for a full session.
  if (kind === "session" && routePath.endsWith("/waitlist")) return w.ids.fullSession;
  return w.ids[kind];
}

/** A body for the endpoint's schema: ids from `ids`, other fields with valid values. Undefined when the endpoint takes none. */
function bodyFor(
  schema: z.ZodType | undefined,
  ids: World,
  fieldPath: string,
  foreign?: { field: string; value: (field: string) => string },
): Record<string, unknown> | undefined {
  if (!schema) return undefined;
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  const props = Object.keys(json.properties ?? {});
  const body: Record<string, unknown> = {};
  const idOf: Record<string, string> = {
    clientId: ids.ids.client,
    sourceClientId: ids.ids.participant,
    planId: ids.ids.plan,
    membershipId: ids.ids.membership,
    // A session where nobody is booked, so a booking is refused for the ids, not as "already booked".
    sessionId: ids.ids.openSession,
    bookingId: ids.ids.booking,
    companyId: ids.ids.company,
    instructorId: ids.ids.staff,
  };
  const samples: Record<string, unknown> = {
    name: "Trust Test",
    email: ids.victimEmail,
    body: "Hello from the trust suite",
    tag: "vip",
    amountCents: 100,
    method: "cash",
    takeSession: true,
    present: true,
    reason: "trust",
    from: new Date(Date.now() + 10 * 86400_000).toISOString(),
    until: new Date(Date.now() + 12 * 86400_000).toISOString(),
    startsAt: new Date(Date.now() + 20 * 86400_000).toISOString(),
    format: "csv",
    data: `email,name\n${ids.victimEmail},Vic Victim\n`,
    dryRun: false,
    by: "staff",
    role: "instructor",
    // A class (its instructorId names a staff member, T3).
    title: "Trust class",
    capacity: 5,
    durationMinutes: 60,
    memberOnly: false,
    // M12: a promo code.
    code: "TRUST10",
    percentOff: 10,
  };
  for (const p of props) {
    // M12: a promo code's plans, a list of plan ids.
    if (p === "planIds") {
      body[p] = [foreign && foreign.field === p ? foreign.value("planId") : idOf.planId];
      continue;
    }
    if (p in idOf) {
      // One holder (a client, not also a company); one thing paid for (a membership, not also a booking).
      if (p === "companyId" && props.includes("clientId")) continue;
      if (p === "bookingId" && props.includes("membershipId")) continue;
      body[p] = foreign && foreign.field === p ? foreign.value(p) : idOf[p];
    } else if (/Id$/.test(p) && !/^(paypal|stripe)/.test(p))
      throw new Error(`${fieldPath}: body field "${p}" looks like an id; teach the matrix`);
    else if (p in samples && !((p === "email" || p === "name") && props.includes("clientId"))) body[p] = samples[p];
    // Other required fields stay out: a 400 in a cross-studio case then says which field to teach.
  }
  // O1: a series is cancelled from a studio day (YYYY-MM-DD), not an instant.
  if (/classes\/\[id\]\/sessions\/cancel\//.test(fieldPath) && "from" in body)
    body.from = new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10);
  return body;
}

function endpointFor(routePath: string, method: string): Endpoint | undefined {
  return endpoints.find((e) => e.path === routePath && e.method === method);
}

/** The id a body field carries in world `w` (for the mixed cases). */
function bodyId(w: World, field: string): string {
  const map: Record<string, string> = {
    clientId: w.ids.client,
    sourceClientId: w.ids.participant,
    planId: w.ids.plan,
    membershipId: w.ids.membership,
    sessionId: w.ids.openSession,
    bookingId: w.ids.booking,
    companyId: w.ids.company,
    instructorId: w.ids.staff,
  };
  return map[field]!;
}

async function callRoute(
  r: RouteCase,
  opts: {
    key?: string;
    ids: World;
    override?: { world: World; part: "path" | "body" };
    foreignField?: { world: World; field: string };
  },
) {
  const routePath = routePath_(r.file);
  const endpoint = endpointFor(routePath, r.method);
  const pathWorld = opts.override?.part === "path" ? opts.override.world : opts.ids;
  const bodyWorld = opts.override?.part === "body" ? opts.override.world : opts.ids;
  const params = Object.fromEntries(
    [...routePath.matchAll(/\{([^}]+)\}/g)].map((m) => [m[1]!, paramValue(m[1]!, routePath, pathWorld)]),
  );
  const query =
    endpoint?.query &&
    "email" in
      ((z.toJSONSchema(endpoint.query, { io: "input", unrepresentable: "any" }) as { properties?: object })
        .properties ?? {})
      ? `?email=${encodeURIComponent(bodyWorld.victimEmail)}`
      : "";
  const foreign = opts.foreignField
    ? { field: opts.foreignField.field, value: (f: string) => bodyId(opts.foreignField!.world, f) }
    : undefined;
  const body =
    r.method === "GET" || r.method === "DELETE" ? undefined : bodyFor(endpoint?.body, bodyWorld, r.key, foreign);
  const path = routePath.replace(/\{([^}]+)\}/g, (_, p: string) => encodeURIComponent(params[p]!)) + query;
  return call(r.handler as never, {
    key: opts.key,
    method: r.method,
    path,
    params,
    body: body ?? (r.method === "GET" || r.method === "DELETE" ? undefined : {}),
  });
}
const routePath_ = routePath;

/** Whether a route names rows of a studio: path ids, body ids, or an email to look a client up by. */
function namesRows(r: RouteCase): { path: boolean; body: boolean; bodyIds: string[] } {
  const p = routePath(r.file);
  const endpoint = endpointFor(p, r.method);
  const bodyProps = endpoint?.body
    ? Object.keys(
        (z.toJSONSchema(endpoint.body, { io: "input", unrepresentable: "any" }) as { properties?: object })
          .properties ?? {},
      )
    : [];
  const queryProps = endpoint?.query
    ? Object.keys(
        (z.toJSONSchema(endpoint.query, { io: "input", unrepresentable: "any" }) as { properties?: object })
          .properties ?? {},
      )
    : [];
  const bodyIds = bodyProps
    .filter((k) => /Id$/.test(k) && !/^(paypal|stripe)/.test(k))
    .filter(
      (k) =>
        !(k === "companyId" && bodyProps.includes("clientId")) &&
        !(k === "bookingId" && bodyProps.includes("membershipId")),
    );
  // R9: {figure} names a report (atRisk, …), not a row: another studio's key gets its own studio's people.
  const pathIds = /\{(?!figure\})/.test(p);
  return { path: pathIds, body: bodyIds.length > 0 || queryProps.includes("email"), bodyIds };
}

describe("trust: every route under app/api refuses a visitor, a member's session, a bad key and another studio's key (issue 9, API.md)", () => {
  beforeAll(async () => {
    for (const r of routes)
      r.handler = ((await import(/* @vite-ignore */ path.join(ROOT, r.file))) as Record<string, RouteCase["handler"]>)[
        r.method
      ]!;
  });

  it("finds the route handlers from the files (no hand-written list) and each API route has its endpoint", () => {
    expect(routes.length).toBeGreaterThanOrEqual(45);
    expect(Object.keys(PUBLIC_ROUTES).filter((k) => !routes.some((r) => r.key === k))).toEqual([]);
    const undeclared = routes
      .filter(
        (r) => !(r.key in PUBLIC_ROUTES) && !(r.key in NOT_ENDPOINTS) && !endpointFor(routePath(r.file), r.method),
      )
      .map((r) => r.key);
    expect(undeclared).toEqual([]);
  });

  it.each(routes.map((r) => [r.key, r] as const))("%s: refused, nothing written", async (_key, r) => {
    const problems: string[] = [];
    // The per-key request counter moves on every authenticated call, refused or not (API.md 429), and
    // a key's last use is stamped once a minute: neither is the call's effect. A wrong password counts
    // against the login's throttle by design (issue 9 "Abuse"), as countsAttempts allows for the actions.
    const opts = { skipTables: ["rate_limits", "login_throttles"], omitColumns: { api_keys: ["last_used_at"] } };
    const attempt = async (
      label: string,
      expected: number[],
      code: string | null,
      run: () => Promise<{ status: number; body: any }>,
      scope?: string,
    ) => {
      await openSession();
      const { result: res, changed } = await watch({ ...opts, studioId: scope }, run);
      actAs(null);
      const got = `${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`;
      if (process.env.TRUST_MATRIX_DEBUG) console.log(`${r.key} [${label}] → ${got}`);
      if (!expected.includes(res.status) || (code && res.body?.error?.code !== code))
        problems.push(`${r.key} [${label}]: expected ${expected.join("|")} ${code ?? ""}, got ${got}`);
      if (changed.length) problems.push(`${r.key} [${label}]: wrote to ${changed.join("; ")} (${got})`);
    };

    if (r.key in PUBLIC_ROUTES) {
      if (r.file.includes("[...nextauth]")) {
        // Auth.js's real handlers (next-auth is a stand-in in this file) on the app's own config: a visitor is nobody,
        // a forged session cookie is nobody, and no sign-in or sign-out without the CSRF token and the password writes
        // a row or sets a session cookie.
        const handler = (await realAuthHandlers())[r.method as "GET" | "POST"];
        const authCall = async (p: string, init: { method?: string; body?: string; cookie?: string } = {}) => {
          const headers: Record<string, string> = {
            host: "localhost",
            "content-type": "application/x-www-form-urlencoded",
          };
          if (init.cookie) headers.cookie = init.cookie;
          const res = await handler(
            new NextRequest(`http://localhost${p}`, { method: init.method ?? r.method, headers, body: init.body }),
          );
          const text = await res.text();
          const sessionCookie = /authjs\.session-token=[^;]/.test(res.headers.get("set-cookie") ?? "");
          let body: any = text;
          try {
            body = JSON.parse(text);
          } catch {
            // a redirect's empty or HTML body
          }
          return { status: sessionCookie ? 299 : res.status, body: { location: res.headers.get("location"), body } };
        };
        const nobody = async (label: string, run: () => Promise<{ status: number; body: any }>) =>
          attempt(label, [200], null, async () => {
            const res = await run();
            if (res.body.body !== null && Object.keys(res.body.body ?? {}).length)
              problems.push(`${r.key} [${label}]: answered a session ${JSON.stringify(res.body.body)}`);
            return res;
          });
        if (r.method === "GET") {
          await nobody("visitor asks for the session", () => authCall("/api/auth/session"));
          const forged = `authjs.session-token=${Buffer.from(JSON.stringify({ sub: A.ownerUserId })).toString("base64url")}`;
          await nobody("forged session cookie naming this studio's owner", () =>
            authCall("/api/auth/session", { cookie: forged }),
          );
          await attempt("visitor asks for a CSRF token", [200], null, () => authCall("/api/auth/csrf"));
        } else {
          const form = new URLSearchParams({ email: A.victimEmail, password: "not the password" }).toString();
          await attempt("sign-in without the CSRF token", [302], null, () =>
            authCall("/api/auth/callback/credentials", { body: form }),
          );
          const csrf = await (
            await realAuthHandlers()
          ).GET(new NextRequest("http://localhost/api/auth/csrf", { headers: { host: "localhost" } }));
          const token = ((await csrf.json()) as { csrfToken: string }).csrfToken;
          const cookie = (csrf.headers.get("set-cookie") ?? "")
            .split(/,\s*(?=authjs)/)
            .map((c) => c.split(";")[0])
            .join("; ");
          const withToken = `${form}&csrfToken=${token}`;
          await attempt("sign-in with the CSRF token and a wrong password", [302], null, () =>
            authCall("/api/auth/callback/credentials", { body: withToken, cookie }),
          );
          await attempt("sign-out without the CSRF token", [302], null, () =>
            authCall("/api/auth/signout", { body: "" }),
          );
        }
        expect(problems).toEqual([]);
        return;
      }
      const refusedUnsigned = r.file.includes("stripe/webhook");
      await attempt("visitor", refusedUnsigned ? [400, 401, 503] : [200], null, () => callRoute(r, { ids: A }));
      expect(problems).toEqual([]);
      return;
    }
    await attempt("visitor (no key)", [401], "unauthenticated", () => callRoute(r, { ids: A }));
    actAs(memberOf(A));
    await attempt("member's session, no key", [401], "unauthenticated", () => callRoute(r, { ids: A }));
    actAs(as(A.ownerUserId));
    await attempt("owner's session, no key", [401], "unauthenticated", () => callRoute(r, { ids: A }));
    // A4: unknown keys are throttled per address (every call here is one address); each route's case starts afresh.
    await db.delete(rateLimits).where(like(rateLimits.key, "api:unknown:%"));
    await attempt("unknown key", [401], "unauthenticated", () =>
      callRoute(r, { ids: A, key: "rk_unknown_key_for_trust" }),
    );
    const names = namesRows(r);
    if (names.path || names.body) {
      await attempt("another studio's key with this studio's ids", [404], "not_found", () =>
        callRoute(r, { ids: A, key: B.apiKey }),
      );
    }
    if (names.path && names.body) {
      // Own path id, this studio's ids in the body; and the reverse. Only this studio's rows are compared.
      await attempt(
        "another studio's key: own path, this studio's body ids",
        [404],
        "not_found",
        () => callRoute(r, { ids: B, key: B.apiKey, override: { world: A, part: "body" } }),
        A.t.studio.id,
      );
      await attempt("another studio's key: this studio's path, own body ids", [404], "not_found", () =>
        callRoute(r, { ids: B, key: B.apiKey, override: { world: A, part: "path" } }),
      );
    }
    if (names.bodyIds.length > 1) {
      // Own ids in the body but one of this studio's: refused, and none of this studio's rows changes.
      for (const field of names.bodyIds) {
        await attempt(
          `another studio's key: own body ids but this studio's ${field}`,
          [404],
          "not_found",
          () => callRoute(r, { ids: B, key: B.apiKey, foreignField: { world: A, field } }),
          A.t.studio.id,
        );
      }
    }
    expect(problems).toEqual([]);
  });
});

/**
 * Route handlers outside app/api (dashboard downloads and uploads, the portal's
 * calendar): they authenticate with the session, like server actions. Each file
 * found must have an entry here saying how to call it, so a new one is not missed.
 */
type SessionRoute = {
  /** docs/rules.md "staff": exports are the owner's. */
  ownerOnly?: boolean;
  /** The request, naming `ids`' rows, for the studio `slug`. */
  request: (
    ids: World,
    slug: World,
  ) => {
    path: string;
    params?: Record<string, string>;
    method: string;
    body?: BodyInit;
    headers?: Record<string, string>;
  };
  /** Whether the request names rows (so another studio's owner must get not found). */
  namesRows: boolean;
  /** Member routes of the portal: the session of a client of the slug's studio. */
  member?: boolean;
  /** Public (a secret in the URL is the credential); checked with another studio's slug instead. */
  secretUrl?: boolean;
};

const SESSION_ROUTES: Record<string, SessionRoute> = {
  "app/dashboard/clients/export.csv/route.ts GET": {
    ownerOnly: true,
    namesRows: true,
    request: (ids) => ({
      method: "GET",
      path: `/dashboard/clients/export.csv?plan=${ids.ids.plan}&company=${ids.ids.company}`,
    }),
  },
  "app/dashboard/clients/history.csv/route.ts GET": {
    ownerOnly: true,
    namesRows: true,
    request: (ids) => ({ method: "GET", path: `/dashboard/clients/history.csv?ids=${ids.ids.client}` }),
  },
  "app/dashboard/clients/history.csv/route.ts POST": {
    ownerOnly: true,
    namesRows: true,
    request: (ids) => {
      const form = new FormData();
      form.set("ids", ids.ids.client);
      return {
        method: "POST",
        path: "/dashboard/clients/history.csv",
        body: form,
        headers: { "sec-fetch-site": "same-origin" },
      };
    },
  },
  "app/dashboard/memberships/import/template/route.ts GET": {
    namesRows: false,
    request: () => ({ method: "GET", path: "/dashboard/memberships/import/template" }),
  },
  "app/dashboard/memberships/import/upload/route.ts POST": {
    namesRows: true,
    request: (ids) => ({
      method: "POST",
      path: `/dashboard/memberships/import/upload?planId=${ids.ids.plan}&format=csv&mode=import`,
      body: `email,name,startsAt\nimported.trust@example.test,Imported Trust,2026-03-01\n`,
      headers: { "sec-fetch-site": "same-origin", "content-type": "text/csv" },
    }),
  },
  "app/s/[studio]/bookings/calendar.ics/route.ts GET": {
    member: true,
    namesRows: false,
    request: (_ids, slug) => ({
      method: "GET",
      path: `/s/${slug.slug}/bookings/calendar.ics`,
      params: { studio: slug.slug },
    }),
  },
  "app/s/[studio]/card/apple-wallet/route.ts GET": {
    member: true,
    namesRows: false,
    request: (_ids, slug) => ({
      method: "GET",
      path: `/s/${slug.slug}/card/apple-wallet`,
      params: { studio: slug.slug },
    }),
  },
  "app/s/[studio]/card/google-wallet/route.ts GET": {
    member: true,
    namesRows: false,
    request: (_ids, slug) => ({
      method: "GET",
      path: `/s/${slug.slug}/card/google-wallet`,
      params: { studio: slug.slug },
    }),
  },
  "app/s/[studio]/calendar/[feed]/route.ts GET": {
    secretUrl: true,
    namesRows: true,
    request: (ids, slug) => ({
      method: "GET",
      path: `/s/${slug.slug}/calendar/${ids.calendarToken}.ics`,
      params: { studio: slug.slug, feed: `${ids.calendarToken}.ics` },
    }),
  },
};

type Reply = { category: Category; status: number; text: string; detail: string };

async function callSessionRoute(
  handler: RouteCase["handler"],
  req: ReturnType<SessionRoute["request"]>,
): Promise<Reply> {
  let reply: Reply | undefined;
  const out = await outcomeOf(async () => {
    const init: RequestInit & { duplex?: string } = { method: req.method, headers: req.headers, body: req.body };
    if (typeof req.body === "string") init.duplex = "half";
    const res = await handler(new Request(`http://localhost${req.path}`, init), {
      params: Promise.resolve(req.params ?? {}),
    });
    const text = await res.text();
    // A streamed answer reports its refusal in its last event (the import upload).
    const events = res.headers.get("content-type")?.includes("ndjson")
      ? text
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l) as { type: string; code?: string })
      : [];
    const last = events.at(-1);
    const category: Category =
      last?.type === "error"
        ? last.code === "not_found"
          ? "not_found"
          : last.code === "forbidden"
            ? "forbidden"
            : "invalid"
        : res.status === 401
          ? "signin"
          : res.status === 403
            ? "forbidden"
            : res.status === 404
              ? "not_found"
              : res.status < 300
                ? "done"
                : "invalid";
    reply = { category, status: res.status, text, detail: `${res.status} ${text.slice(0, 160)}` };
  });
  return reply ?? { category: out.category, status: 0, text: "", detail: out.detail };
}

describe("trust: every session route outside app/api refuses a visitor, a member, an instructor where an owner is required, and another studio (issue 9)", () => {
  const files = routeFiles("app").filter((f) => !f.startsWith("app/api/") && !f.startsWith("app/embed/"));
  const list = files.flatMap((file) =>
    routeMethods(file).map((method) => ({ file, method, key: `${file} ${method}` })),
  );
  const handlers = new Map<string, RouteCase["handler"]>();

  beforeAll(async () => {
    for (const r of list)
      handlers.set(
        r.key,
        ((await import(/* @vite-ignore */ path.join(ROOT, r.file))) as Record<string, RouteCase["handler"]>)[r.method]!,
      );
  });

  it("knows how to call every such route handler found in the files", () => {
    expect(list.length).toBeGreaterThanOrEqual(7);
    expect(list.map((r) => r.key).filter((k) => !(k in SESSION_ROUTES))).toEqual([]);
  });

  it.each(list.map((r) => [r.key, r] as const))(
    "%s: refused, nothing written, nothing of another studio shown",
    async (key) => {
      const spec = SESSION_ROUTES[key];
      if (!spec) return; // reported by the test above
      const handler = handlers.get(key)!;
      const problems: string[] = [];
      const attempt = async (
        label: string,
        identity: RequestIdentity | null,
        ids: World,
        slug: World,
        expected: Category[],
      ) => {
        actAs(identity);
        await openSession();
        const { result, changed } = await watch({ skipTables: ["rate_limits"] }, () =>
          callSessionRoute(handler, spec.request(ids, slug)),
        );
        actAs(null);
        if (!expected.includes(result.category))
          problems.push(`${key} [${label}]: expected ${expected.join("|")}, got ${result.category} (${result.detail})`);
        if (changed.length) problems.push(`${key} [${label}]: wrote to ${changed.join("; ")} (${result.detail})`);
        return result;
      };
      if (spec.secretUrl) {
        // The secret names a member of A; under B's slug it must name nobody. Under A's own slug it works (the probe is sound).
        await attempt("this studio's secret under another studio's address", null, A, B, ["not_found"]);
        await attempt("a made-up secret", null, { ...A, calendarToken: "0".repeat(64) }, A, ["not_found"]);
        await attempt("this studio's secret at its own address", null, A, A, ["done"]);
      } else if (spec.member) {
        await attempt("visitor", null, A, A, ["signin", "not_found"]);
        await attempt("owner of another studio", as(B.ownerUserId), A, A, ["signin", "not_found"]);
        await attempt("member of another studio", memberOf(B), A, A, ["signin", "not_found"]);
      } else {
        await attempt("visitor", null, A, A, ["signin"]);
        await attempt("member of the same studio", memberOf(A), A, A, ["signin"]);
        if (spec.ownerOnly) {
          // T2: exports are `exports`: owners and managers.
          for (const role of OTHER_ROLES.filter((r) => !ROLE_PERMISSIONS[r].includes("exports"))) {
            await attempt(`${role} without exports (T2)`, as(roleUser(A, role)), A, A, ["forbidden"]);
          }
        }
        if (spec.namesRows) {
          const res = await attempt("owner of another studio with this studio's ids", as(B.ownerUserId), A, B, [
            "not_found",
            "done",
          ]);
          // A filter naming another studio's row may answer an empty download, but never this studio's people.
          if (res.category === "done" && (res.text.includes(A.victimEmail) || res.text.includes(A.member.email))) {
            problems.push(
              `${key} [owner of another studio with this studio's ids]: the answer shows this studio's clients`,
            );
          }
          if (res.category === "done" && !/export\.csv/.test(key))
            problems.push(
              `${key} [owner of another studio with this studio's ids]: answered ${res.detail}, expected not found`,
            );
        }
      }
      expect(problems).toEqual([]);
    },
  );
});
