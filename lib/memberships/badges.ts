import { and, asc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import { companies, companyClients, membershipPlans, memberships } from "@/db/schema";
import { requireRole, type Ctx } from "@/lib/core/ctx";
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
  requireRole(ctx, "instructor");
  const ids = [...new Set(clientIds.filter(isUuid))];
  const badges = new Map<string, MembershipBadge[]>();
  if (!ids.length) return badges;

  const rows = await ctx.db
    .select({
      clientId: sql<string>`coalesce(${memberships.clientId}, ${companyClients.clientId})`,
      membershipId: memberships.id,
      planId: membershipPlans.id,
      planName: membershipPlans.name,
      companyName: companies.name,
    })
    .from(memberships)
    .innerJoin(membershipPlans, and(eq(membershipPlans.studioId, memberships.studioId), eq(membershipPlans.id, memberships.planId)))
    // A company's membership reaches each of its linked clients on this page: one row per client.
    .leftJoin(
      companyClients,
      and(
        eq(companyClients.studioId, memberships.studioId),
        eq(companyClients.companyId, memberships.companyId),
        inArray(companyClients.clientId, ids),
      ),
    )
    .leftJoin(companies, and(eq(companies.studioId, memberships.studioId), eq(companies.id, memberships.companyId)))
    .where(
      and(
        eq(memberships.studioId, ctx.studio.id),
        or(inArray(memberships.clientId, ids), isNotNull(companyClients.clientId)),
        grantsRightsSql(ctx.now),
      ),
    )
    .orderBy(asc(membershipPlans.name), asc(memberships.startsAt), asc(memberships.id));

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
