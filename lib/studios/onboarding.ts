import { sql } from "drizzle-orm";
import { classes, clients, membershipPlans, staff, stripeAccounts } from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { rowsOf } from "@/lib/core/sql";

export type OnboardingStep = "plan" | "class" | "instructor" | "portal" | "payments";

/** What a new studio has set up, each read from its data (never a box someone ticked). */
export type Onboarding = Record<OnboardingStep, boolean>;

/**
 * The new studio's checklist (the Overview shows it until every step is done):
 * - plan: a plan that is not archived;
 * - class: a class that is not archived;
 * - instructor: someone on the team with the instructor role;
 * - portal: someone signed up on the member portal (a client with a login), so the link was shared;
 * - payments: a connected Stripe account that can take charges (P0).
 * Read by those who manage the studio's settings.
 */
export async function getOnboarding(ctx: Ctx): Promise<Onboarding> {
  requirePermission(ctx, "settings");
  const id = ctx.studio.id;
  const result = await ctx.db.execute(sql`
    select
      exists (select 1 from ${membershipPlans}
              where ${membershipPlans.studioId} = ${id} and ${membershipPlans.archivedAt} is null) as "plan",
      exists (select 1 from ${classes} where ${classes.studioId} = ${id} and ${classes.archivedAt} is null) as "class",
      exists (select 1 from ${staff} where ${staff.studioId} = ${id} and ${staff.role} = 'instructor') as "instructor",
      exists (select 1 from ${clients} where ${clients.studioId} = ${id} and ${clients.userId} is not null) as "portal",
      exists (select 1 from ${stripeAccounts}
              where ${stripeAccounts.studioId} = ${id} and ${stripeAccounts.chargesEnabled}) as "payments"`);
  const row = rowsOf<Record<OnboardingStep, boolean>>(result)[0];
  return {
    plan: Boolean(row?.plan),
    class: Boolean(row?.class),
    instructor: Boolean(row?.instructor),
    portal: Boolean(row?.portal),
    payments: Boolean(row?.payments),
  };
}
