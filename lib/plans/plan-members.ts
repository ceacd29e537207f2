import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import {
  clients,
  companies,
  membershipStatus,
  memberships,
  type Client,
  type Company,
  type Membership,
  type MembershipStatus,
} from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { decodeCursor, Limit, toPage, type Page } from "@/lib/core/pagination";
import { parseInput } from "@/lib/core/validation";
import { effectiveStatusSql, grantsRightsSql, payStanding, type PayStanding } from "@/lib/memberships/effective-status";
import { getPlan } from "./plans";

const Status = z.enum(membershipStatus.enumValues, { error: "Use active, past_due, suspended, cancelled or expired." });

export const ListPlanMembersInput = z.object({
  /** Only memberships whose effective status (M4) is one of these. */
  status: z.union([Status, z.array(Status).min(1)]).optional(),
  limit: Limit,
  cursor: z.string().max(500).optional(),
});
export type ListPlanMembersInput = z.input<typeof ListPlanMembersInput>;

export type PlanMember = {
  membership: Membership;
  /** The holder when a client holds it, else null. */
  client: Client | null;
  /** The holder when a company holds it (M7), else null. */
  company: Company | null;
  /** The effective status at ctx.now (M4, M9), not the row's. */
  status: MembershipStatus;
  sessionsRemaining: number | null;
  /** O2: why it can or cannot pay for a booking now (a pack at 0 is active but cannot pay). */
  standing: PayStanding;
  /** O2: it can pay for a booking now (payStanding is `active`). */
  canPay: boolean;
};

/**
 * The memberships of one plan with their holders, sorted by the holder's name
 * (case-insensitive) then membership id, a page at a time. `status` filters by
 * the effective status at ctx.now (M4): a membership whose end has passed is
 * "expired" here whether or not the sweep has run.
 */
export async function listPlanMembers(
  ctx: Ctx,
  planId: string,
  raw: ListPlanMembersInput = {},
): Promise<Page<PlanMember>> {
  requirePermission(ctx, "memberships.read");
  const input = parseInput(ListPlanMembersInput, raw);
  const plan = await getPlan(ctx, planId);

  const holderName = sql<string>`lower(coalesce(${clients.name}, ${companies.name}, ''))`;
  const status = effectiveStatusSql(ctx.now);
  const wanted = input.status === undefined ? undefined : Array.isArray(input.status) ? input.status : [input.status];

  const after = decodeCursor(input.cursor, z.tuple([z.string(), z.uuid()]));

  const rows = await ctx.db
    .select({ membership: memberships, client: clients, company: companies, status, name: holderName })
    .from(memberships)
    .leftJoin(clients, and(eq(clients.studioId, memberships.studioId), eq(clients.id, memberships.clientId)))
    .leftJoin(companies, and(eq(companies.studioId, memberships.studioId), eq(companies.id, memberships.companyId)))
    .where(
      and(
        eq(memberships.studioId, ctx.studio.id),
        eq(memberships.planId, plan.id),
        wanted ? inArray(status, wanted) : undefined,
        after
          ? sql`(${holderName}, ${memberships.id}) > (${after[0] as string}, ${after[1] as string}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(holderName), asc(memberships.id))
    .limit(input.limit + 1);

  return toPage(
    rows,
    input.limit,
    (r) => [r.name, r.membership.id],
    (r) => ({
      membership: r.membership,
      client: r.client,
      company: r.company,
      status: r.status,
      sessionsRemaining: r.membership.sessionsRemaining,
      standing: payStanding(r.membership, ctx.now),
      canPay: payStanding(r.membership, ctx.now) === "active",
    }),
  );
}

/** How many memberships of a plan grant rights now (M3, M4): the `memberCount` listPlans gives for every plan. */
export async function countPlanMembers(ctx: Ctx, planId: string): Promise<number> {
  requirePermission(ctx, "memberships.read");
  const plan = await getPlan(ctx, planId);
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.studioId, ctx.studio.id), eq(memberships.planId, plan.id), grantsRightsSql(ctx.now)));
  return row?.n ?? 0;
}
