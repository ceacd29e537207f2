import { and, desc, eq, isNull, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import {
  clients,
  companyClients,
  membershipPlans,
  memberships,
  type Membership,
  type MembershipPlan,
  type MembershipStatus,
} from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { statement, statementCtx } from "@/lib/core/statements";
import { NotFoundError } from "@/lib/core/errors";
import { isUuid, normalizeEmail } from "@/lib/core/validation";
import { effectiveStatus, grantsRights } from "./effective-status";

export type HeldMembership = {
  membership: Membership;
  plan: MembershipPlan;
  status: MembershipStatus;
  grantsRights: boolean;
  /** Held by a company the client is linked to (M7). */
  inherited: boolean;
};

/**
 * Every membership a client holds, own and inherited through linked companies
 * (M5, M7), newest first, with the effective status at ctx.now (M4).
 */
export async function listClientMemberships(ctx: Ctx, clientId: string): Promise<HeldMembership[]> {
  requirePermission(ctx, "memberships.read", { orMember: true });
  if (ctx.actor.kind === "member" && ctx.actor.clientId !== clientId) throw new NotFoundError("Client");
  return readHeldMemberships(ctx, clientId);
}

/**
 * The memberships a client holds, own and inherited through linked companies (M7), and any more that `also` names
 * (H1: a household primary's), newest first, in one statement built once (issue 20: every booking reads who may
 * pay). `also` is built with the statement's studio and client slots, so it is the same for every client. No
 * permission check: the caller's.
 */
export function heldMembershipsStatement(
  name: string,
  also?: (ctx: Ctx, clientId: string) => SQL,
): (ctx: Ctx, clientId: string) => Promise<HeldMembership[]> {
  const rows = statement((db, $: { studioId: string; clientId: string }) => {
    const built = statementCtx(db);
    return db
      .select({ membership: memberships, plan: membershipPlans })
      .from(memberships)
      .innerJoin(membershipPlans, planOfMembership)
      .where(and(eq(memberships.studioId, $.studioId), heldBy(built, $.clientId, also?.(built, $.clientId))))
      .orderBy(desc(memberships.startsAt))
      .prepare(name);
  });
  return async (ctx, clientId) =>
    (await rows(ctx.db, { studioId: ctx.studio.id, clientId })).map((row) => heldMembership(ctx, row));
}

/** The memberships a client holds, own and inherited through linked companies (M7). No permission check. */
export const readHeldMemberships = heldMembershipsStatement("held_memberships");

const planOfMembership = and(
  eq(membershipPlans.studioId, memberships.studioId),
  eq(membershipPlans.id, memberships.planId),
);

/** A membership held by the client, itself or through a linked company (M7), or one `also` names. */
function heldBy(ctx: Ctx, clientId: string | SQL | AnyColumn, also?: SQL): SQL {
  return or(
    eq(memberships.clientId, clientId),
    // An array, not a subquery: the planner then uses the client and company indexes on both
    // sides of the OR instead of reading every membership of the studio (bench measure 1).
    sql`${memberships.companyId} = any(array(select ${companyClients.companyId} from ${companyClients}
         where ${companyClients.studioId} = ${ctx.studio.id} and ${companyClients.clientId} = ${clientId}))`,
    also,
  )!;
}

/** A membership row with its plan, as held at ctx.now (M4): its effective status, its rights, inherited or not (M7). */
export function heldMembership(ctx: Ctx, { membership, plan }: { membership: Membership; plan: MembershipPlan }) {
  return {
    membership,
    plan,
    status: effectiveStatus(membership, ctx.now),
    grantsRights: grantsRights(membership, ctx.now),
    inherited: membership.companyId !== null,
  } satisfies HeldMembership;
}

export type Permissions = {
  clientId: string;
  permissions: string[];
  memberships: { id: string; plan: { id: string; name: string }; status: MembershipStatus; inherited: boolean }[];
};

/**
 * The client, not erased, with each membership it holds (own or through a company, M7), in one statement built once
 * (issue 20, the permissions measure): a client holding none is one row without a membership; another studio's or
 * an unknown id is no row at all.
 */
const permissionRows = statement((db, $: { studioId: string; clientId: string }) =>
  db
    .select({ membership: memberships, plan: membershipPlans })
    .from(clients)
    .leftJoin(memberships, and(eq(memberships.studioId, clients.studioId), heldBy(statementCtx(db), clients.id)))
    .leftJoin(membershipPlans, planOfMembership)
    .where(and(eq(clients.studioId, $.studioId), eq(clients.id, $.clientId), isNull(clients.erasedAt)))
    .orderBy(desc(memberships.startsAt))
    .prepare("client_permissions"),
);

/**
 * M2, M3, M7: what external systems may let this client do now: the union of
 * the permissions of every membership that grants rights at this instant, own
 * and inherited. An expired membership grants nothing, swept or not (M4).
 */
export async function getClientPermissions(ctx: Ctx, clientId: string): Promise<Permissions> {
  requirePermission(ctx, "memberships.read");
  requirePermission(ctx, "clients.read");
  if (!isUuid(clientId)) throw new NotFoundError("Client");
  const rows = await permissionRows(ctx.db, { studioId: ctx.studio.id, clientId });
  if (!rows.length) throw new NotFoundError("Client");
  const held = rows
    .flatMap(({ membership, plan }) => (membership && plan ? [heldMembership(ctx, { membership, plan })] : []))
    .filter((h) => h.grantsRights);
  return {
    clientId,
    permissions: [...new Set(held.flatMap((h) => h.plan.permissions))].sort(),
    memberships: held.map((h) => ({
      id: h.membership.id,
      plan: { id: h.plan.id, name: h.plan.name },
      status: h.status,
      inherited: h.inherited,
    })),
  };
}

/** Permissions by email (normalised, C1), for door systems that know only an email. */
export async function getPermissionsByEmail(ctx: Ctx, email: string): Promise<Permissions> {
  requirePermission(ctx, "memberships.read");
  const [client] = await ctx.db
    .select({ id: clients.id })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.emailNormalized, normalizeEmail(email))));
  if (!client) throw new NotFoundError("Client");
  return getClientPermissions(ctx, client.id);
}
