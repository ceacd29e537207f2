import type { StaffRole } from "@/db/schema";
import type { Ctx } from "./ctx";
import { ForbiddenError } from "./errors";

/**
 * T2: what a verb may demand. Every verb checks one of these, never a role
 * name; which role holds which lives in ROLE_PERMISSIONS below, and nowhere else.
 */
export const PERMISSIONS = [
  /** The shared CRM: client list, client pages, history, companies, households, cards (seed 003). */
  "clients.read",
  /** Creating, editing, merging, deleting clients; tags; companies; portal access; card tokens. */
  "clients.write",
  /** Writing notes on clients (R3: a note stays its author's to change). */
  "notes.write",
  /** Mailing clients from the dashboard. */
  "messages.send",
  /** Reading memberships, plans, their history and ledgers. */
  "memberships.read",
  /** Selling, assigning, importing, cancelling, suspending, extending and adjusting memberships. */
  "memberships.sell",
  /** Recording a payment and marking one paid. */
  "payments.take",
  /** Refunds (R1). */
  "payments.refund",
  /** Creating and editing plans. */
  "plans.manage",
  /** Reading classes and sessions (everyone staff). */
  "schedule.read",
  /** Creating, editing and cancelling classes and sessions. */
  "schedule.manage",
  /** Booking clients into, and cancelling their bookings of, any session; waitlists. */
  "bookings.manage",
  /** The same, only in the sessions the caller teaches (T3). */
  "bookings.manage.own",
  /** Reading and marking attendance of any session; attaching guest bookings. */
  "attendance.mark",
  /** The same, only in the sessions the caller teaches (T3). */
  "attendance.mark.own",
  /** Revenue figures (R9). */
  "reports.revenue",
  /** The Reports page and API: every R9 figure, the people behind it, R10 cohorts. Owners and managers. */
  "reports.view",
  /** CSV exports of clients and history. */
  "exports",
  /** The studio's settings and its sent mail. */
  "settings",
  /** Inviting, re-roling and removing staff below owner (T1). */
  "team.manage",
  /** The same for owners: inviting an owner, making or removing one (T1). */
  "team.owners",
  /** API keys. */
  "apikeys.manage",
  /** The embed's secret. */
  "embed.manage",
  /** Stripe connection and payouts, and recording what Stripe reports. */
  "stripe.manage",
  /** Erasing a client's personal data (P1). */
  "clients.erase",
  /** F1: reading the answers to health (special-category) questions of signed forms. Owners and managers. */
  "forms.health",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const EVERYTHING: readonly Permission[] = PERMISSIONS.filter((p) => !p.endsWith(".own"));

/**
 * SPEC's Words table, "staff": owner (everything); manager (everything but
 * the team's owners, Stripe, API keys and the embed secret, erasure);
 * front_desk (clients, bookings, check-in, selling and taking payments; no
 * settings, exports or revenue); instructor (the shared CRM, the schedule, and
 * the attendance and bookings of the sessions they teach; nothing else).
 */
export const ROLE_PERMISSIONS: Readonly<Record<StaffRole, readonly Permission[]>> = {
  owner: EVERYTHING,
  manager: EVERYTHING.filter(
    (p) => !["team.owners", "apikeys.manage", "embed.manage", "stripe.manage", "clients.erase"].includes(p),
  ),
  front_desk: [
    "clients.read",
    "clients.write",
    "notes.write",
    "messages.send",
    "memberships.read",
    "memberships.sell",
    "payments.take",
    "schedule.read",
    "schedule.manage",
    "bookings.manage",
    "attendance.mark",
  ],
  instructor: [
    "clients.read",
    "clients.write",
    "notes.write",
    "memberships.read",
    "schedule.read",
    "bookings.manage.own",
    "attendance.mark.own",
  ],
};

/** The roles in order of rank (T1: a manager invites and manages roles below owner). */
export const STAFF_ROLES: readonly StaffRole[] = ["owner", "manager", "front_desk", "instructor"];

export const ROLE_LABELS: Record<StaffRole, string> = {
  owner: "Owner",
  manager: "Manager",
  front_desk: "Front desk",
  instructor: "Instructor",
};

/** Whether the actor holds the permission. API keys and the system hold all of them; members none. */
export function can(ctx: Pick<Ctx, "actor">, permission: Permission): boolean {
  const a = ctx.actor;
  if (a.kind === "system" || a.kind === "api") return true;
  if (a.kind === "staff") return ROLE_PERMISSIONS[a.role].includes(permission);
  return false;
}

/**
 * T2: refuses the actor unless it holds the permission. `orMember` lets a
 * member through as well: the verb then limits them to their own rows itself.
 */
export function requirePermission(ctx: Ctx, permission: Permission, opts: { orMember?: boolean } = {}): void {
  if (can(ctx, permission)) return;
  if (opts.orMember && ctx.actor.kind === "member") return;
  throw new ForbiddenError();
}

/** A verb a member does for themself: members, and API keys and the system acting for them; never staff. */
export function requireMemberActor(ctx: Ctx): void {
  if (ctx.actor.kind === "staff") throw new ForbiddenError();
}

/**
 * T3: `permission` everywhere, or its `.own` form in a session the caller
 * teaches (`instructorId` is the session's effective instructor: its own, or its class's).
 */
export function canInSession(
  ctx: Pick<Ctx, "actor">,
  permission: "bookings.manage" | "attendance.mark",
  instructorId: string | null,
): boolean {
  if (can(ctx, permission)) return true;
  const a = ctx.actor;
  return a.kind === "staff" && instructorId !== null && instructorId === a.userId && can(ctx, `${permission}.own`);
}

/** Whether the actor may act in some session with this permission (its own, or any): a first check before the session is read. */
export function canInSomeSession(ctx: Pick<Ctx, "actor">, permission: "bookings.manage" | "attendance.mark"): boolean {
  return can(ctx, permission) || can(ctx, `${permission}.own`);
}

export function requireInSession(
  ctx: Ctx,
  permission: "bookings.manage" | "attendance.mark",
  instructorId: string | null,
): void {
  if (!canInSession(ctx, permission, instructorId))
    throw new ForbiddenError("Only the instructor of this session, or the front desk, can do this.");
}

/** A first check before the session is read: the permission, its `.own` form, or (with `orMember`) a member. */
export function requireInSomeSession(
  ctx: Ctx,
  permission: "bookings.manage" | "attendance.mark",
  opts: { orMember?: boolean } = {},
): void {
  if (canInSomeSession(ctx, permission)) return;
  if (opts.orMember && ctx.actor.kind === "member") return;
  throw new ForbiddenError();
}

/**
 * Flows the studio runs itself before anyone is signed in (sign-up, links
 * mailed to confirm, guest booking): the system actor, an API key, or staff
 * holding `settings`. Never a member or a front-desk login.
 */
export function requireStudioActor(ctx: Ctx): void {
  if (!can(ctx, "settings")) throw new ForbiddenError();
}
