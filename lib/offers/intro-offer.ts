import { and, eq, sql } from "drizzle-orm";
import { bookings, clients, memberships, type MembershipPlan } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import type { Ctx } from "@/lib/core/ctx";
import { NotFoundError, RuleError } from "@/lib/core/errors";
import { rowsOf } from "@/lib/core/sql";

/**
 * M11: whether a client may take an intro offer — they hold no membership of
 * any kind (any plan, any status: an earlier purchase, including an earlier
 * intro offer, which makes an offer "once") and have no booking that was not
 * cancelled. The one eligibility check of every door (portal, embed, desk,
 * API, Stripe checkout and its webhook). Reads only; no permission check.
 */
export async function loadIntroEligibility(ctx: Ctx, clientId: string): Promise<boolean> {
  const rows = rowsOf<{ eligible: boolean }>(
    await ctx.db.execute(sql`select
      not exists (select 1 from ${memberships} where ${memberships.studioId} = ${ctx.studio.id} and ${memberships.clientId} = ${clientId})
      and not exists (select 1 from ${bookings} where ${bookings.studioId} = ${ctx.studio.id} and ${bookings.clientId} = ${clientId} and ${bookings.status} <> 'cancelled')
      as eligible`),
  );
  return rows[0]?.eligible === true;
}

/**
 * M11 inside a purchase's transaction: for a new-clients-only plan, locks the
 * client's row (so two purchases by the same client at once run one after the
 * other, and the second sees the first's membership) and refuses with
 * `intro_not_eligible` unless the client is eligible. Staff may sell it anyway
 * with a reason, which is audited as `membership.intro_override`. Call before
 * the membership is written.
 */
export async function enforceIntroOffer(
  ctx: Ctx,
  plan: Pick<MembershipPlan, "id" | "name" | "newClientsOnly">,
  clientId: string | null,
  overrideReason: string | undefined,
): Promise<void> {
  if (!plan.newClientsOnly) return;
  if (!clientId) {
    throw new RuleError("intro_not_eligible", "An intro offer is for one new client, not for a company.");
  }
  const [locked] = await ctx.db
    .select({ id: clients.id })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, clientId)))
    .for("update");
  if (!locked) throw new NotFoundError("Client");
  if (await loadIntroEligibility(ctx, clientId)) return;
  const staffSells = ctx.actor.kind === "staff" || ctx.actor.kind === "api" || ctx.actor.kind === "system";
  if (overrideReason && staffSells) {
    await audit(ctx, {
      action: "membership.intro_override",
      table: "clients",
      rowId: clientId,
      data: { planId: plan.id, reason: overrideReason },
    });
    return;
  }
  throw new RuleError(
    "intro_not_eligible",
    staffSells
      ? `${plan.name} is an intro offer for new clients, and this client has bought or booked before. Give a reason to sell it anyway.`
      : `${plan.name} is an intro offer for new clients only, and only once.`,
  );
}
