import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { membershipPlans, memberships, type MembershipPlan } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { InvalidInputError, NotFoundError } from "@/lib/core/errors";
import { isUuid, parseInput } from "@/lib/core/validation";
import { grantsRightsSql } from "@/lib/memberships/effective-status";
import { loadIntroEligibility } from "@/lib/offers/intro-offer";
import { CreatePlanInput, planKindIssues, UpdatePlanInput } from "./plan-input";

/** Creates a plan (M1, M2). Owners only: plans are what the studio sells. */
export async function createPlan(ctx: Ctx, raw: CreatePlanInput): Promise<MembershipPlan> {
  requirePermission(ctx, "plans.manage");
  const input = parseInput(CreatePlanInput, raw);
  return inTransaction(ctx, async (tx) => {
    const [plan] = await tx.db
      .insert(membershipPlans)
      .values({
        studioId: ctx.studio.id,
        ...input,
        description: input.description ?? null,
        currency: input.currency ?? ctx.studio.currency,
        interval: input.interval ?? null,
        bookingLimitPerPeriod: input.bookingLimitPerPeriod ?? null,
        durationDays: input.durationDays ?? null,
        sessions: input.sessions ?? null,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await audit(tx, {
      action: "plan.created",
      table: "membership_plans",
      rowId: plan!.id,
      data: { name: input.name, kind: input.kind },
    });
    return plan!;
  });
}

/** A plan of this studio, archived or not. */
export async function getPlan(ctx: Ctx, id: string): Promise<MembershipPlan> {
  requirePermission(ctx, "memberships.read", { orMember: true });
  if (!isUuid(id)) throw new NotFoundError("Plan");
  const [plan] = await ctx.db
    .select()
    .from(membershipPlans)
    .where(and(eq(membershipPlans.studioId, ctx.studio.id), eq(membershipPlans.id, id)));
  if (!plan) throw new NotFoundError("Plan");
  return plan;
}

/** E1: a plan the studio sells to anyone (public, not archived); private, archived and other studios' plans are "not found". */
export async function getPublicPlan(ctx: Ctx, id: string): Promise<MembershipPlan> {
  const plan = await getPlan(ctx, id);
  if (!plan.public || plan.archivedAt) throw new NotFoundError("Plan");
  return plan;
}

/** Changes a plan. Its kind is fixed; existing memberships keep what they were sold. */
export async function updatePlan(ctx: Ctx, id: string, raw: UpdatePlanInput): Promise<MembershipPlan> {
  requirePermission(ctx, "plans.manage");
  // zod fills a partial schema's defaults (public: false, …): only the fields the caller gave change.
  const parsed = parseInput(UpdatePlanInput, raw);
  const input = Object.fromEntries(Object.entries(parsed).filter(([key]) => Object.hasOwn(raw, key))) as typeof parsed;
  return inTransaction(ctx, async (tx) => {
    const current = await getPlan(tx, id);
    // Re-check M1 on the plan as it would be after the change.
    const issues = planKindIssues({ ...current, ...input });
    if (issues.length) {
      throw new InvalidInputError(issues[0]!.message, Object.fromEntries(issues.map((i) => [i.field, [i.message]])));
    }
    const [plan] = await tx.db
      .update(membershipPlans)
      .set({ ...input, updatedAt: ctx.now })
      .where(and(eq(membershipPlans.studioId, ctx.studio.id), eq(membershipPlans.id, id)))
      .returning();
    await audit(tx, {
      action: "plan.updated",
      table: "membership_plans",
      rowId: id,
      data: { fields: Object.keys(input) },
    });
    return plan!;
  });
}

/** Archives a plan: no longer sold; its members keep their memberships (issue 3). */
export async function archivePlan(ctx: Ctx, id: string, archived = true): Promise<MembershipPlan> {
  requirePermission(ctx, "plans.manage");
  return inTransaction(ctx, async (tx) => {
    await getPlan(tx, id);
    const [plan] = await tx.db
      .update(membershipPlans)
      .set({ archivedAt: archived ? ctx.now : null, updatedAt: ctx.now })
      .where(and(eq(membershipPlans.studioId, ctx.studio.id), eq(membershipPlans.id, id)))
      .returning();
    await audit(tx, { action: archived ? "plan.archived" : "plan.unarchived", table: "membership_plans", rowId: id });
    return plan!;
  });
}

/**
 * The studio's plans with the number of members each has now (memberships that
 * grant rights at ctx.now, M4), optionally including archived ones.
 */
export async function listPlans(
  ctx: Ctx,
  opts: { includeArchived?: boolean; publicOnly?: boolean } = {},
): Promise<(MembershipPlan & { memberCount: number })[]> {
  requirePermission(ctx, "memberships.read", { orMember: true });
  const publicOnly = opts.publicOnly || ctx.actor.kind === "member";
  const rows = await ctx.db
    .select({
      plan: membershipPlans,
      memberCount: sql<number>`count(${memberships.id}) filter (where ${grantsRightsSql(ctx.now)})::int`,
    })
    .from(membershipPlans)
    .leftJoin(
      memberships,
      and(eq(memberships.studioId, membershipPlans.studioId), eq(memberships.planId, membershipPlans.id)),
    )
    .where(
      and(
        eq(membershipPlans.studioId, ctx.studio.id),
        opts.includeArchived ? undefined : isNull(membershipPlans.archivedAt),
        publicOnly ? eq(membershipPlans.public, true) : undefined,
      ),
    )
    .groupBy(membershipPlans.studioId, membershipPlans.id)
    .orderBy(asc(membershipPlans.archivedAt), asc(membershipPlans.name));
  const list = rows.map((r) => ({ ...r.plan, memberCount: r.memberCount }));
  // M11: a member who is not new does not see intro offers (anonymous visitors and staff do).
  if (ctx.actor.kind === "member" && list.some((p) => p.newClientsOnly)) {
    if (!(await loadIntroEligibility(ctx, ctx.actor.clientId))) return list.filter((p) => !p.newClientsOnly);
  }
  return list;
}
