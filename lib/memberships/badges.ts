import { and, eq, inArray, sql } from "drizzle-orm";
import { companies, companyClients, membershipPlans, memberships } from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { isUuid } from "@/lib/core/validation";
import { grantsRightsSql } from "./effective-status";

/** One badge in the clients list: a membership that grants rights now. */
export type MembershipBadge = {
  membershipId: string;
  planId: string;
  planName: string;
  /** Held by a company the client is linked to (M7). */
  inherited: boolean;
  companyName: string | null;
};

/**
 * R5: the membership badges of a page of clients, one per membership that
 * grants rights at ctx.now (M3, M4: an ended membership shows none, swept or
 * not), own and inherited through linked companies (M7), in one query.
 * Returns clientId → badges (ordered by plan name); clients without any are absent.
 */
export async function membershipBadges(ctx: Ctx, clientIds: string[]): Promise<Map<string, MembershipBadge[]>> {
  requirePermission(ctx, "memberships.read");
  const ids = [...new Set(clientIds.filter(isUuid))];
  const badges = new Map<string, MembershipBadge[]>();
  if (!ids.length) return badges;

  const plan = and(eq(membershipPlans.studioId, memberships.studioId), eq(membershipPlans.id, memberships.planId));
  const columns = {
    membershipId: memberships.id,
    planId: membershipPlans.id,
    planName: membershipPlans.name,
    startsAt: memberships.startsAt,
  };
  // Two indexed reads rather than one OR across both paths (which scans every membership of the studio).
  const [own, inherited] = await Promise.all([
    ctx.db
      .select({ ...columns, clientId: sql<string>`${memberships.clientId}`, companyName: sql<string | null>`null` })
      .from(memberships)
      .innerJoin(membershipPlans, plan)
      .where(
        and(eq(memberships.studioId, ctx.studio.id), inArray(memberships.clientId, ids), grantsRightsSql(ctx.now)),
      ),
    ctx.db
      .select({ ...columns, clientId: companyClients.clientId, companyName: sql<string | null>`${companies.name}` })
      .from(companyClients)
      .innerJoin(
        memberships,
        and(eq(memberships.studioId, companyClients.studioId), eq(memberships.companyId, companyClients.companyId)),
      )
      .innerJoin(membershipPlans, plan)
      .innerJoin(companies, and(eq(companies.studioId, memberships.studioId), eq(companies.id, memberships.companyId)))
      .where(
        and(
          eq(companyClients.studioId, ctx.studio.id),
          inArray(companyClients.clientId, ids),
          grantsRightsSql(ctx.now),
        ),
      ),
  ]);
  const rows = [...own, ...inherited].sort(
    (a, b) =>
      a.planName.localeCompare(b.planName) ||
      a.startsAt.getTime() - b.startsAt.getTime() ||
      a.membershipId.localeCompare(b.membershipId),
  );

  for (const r of rows) {
    const list = badges.get(r.clientId) ?? [];
    list.push({
      membershipId: r.membershipId,
      planId: r.planId,
      planName: r.planName,
      inherited: r.companyName !== null,
      companyName: r.companyName,
    });
    badges.set(r.clientId, list);
  }
  return badges;
}
