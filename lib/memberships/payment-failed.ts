import { and, asc, eq, isNull } from "drizzle-orm";
import { clients, membershipPlans, memberships, type Membership } from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { enqueueTemplateMail } from "@/lib/jobs";
import { appOrigin } from "@/lib/core/app-origin";

/**
 * J3: a recurring payment failed (`invoice.payment_failed`): inside the
 * webhook's transaction, the member gets one mail per invoice (key
 * `payment_failed:<invoiceId>`) with a link to their memberships page in the
 * portal, whose "Update card" opens Stripe's billing portal (a portal
 * session's own URL expires within minutes, so the mail never carries it).
 * A membership held by a company, or a client without an email, gets none.
 * Returns whether a mail was queued.
 */
export async function mailPaymentFailed(ctx: Ctx, m: Membership, invoiceId: string): Promise<boolean> {
  if (!m.clientId) return false;
  const [row] = await ctx.db
    .select({ name: clients.name, email: clients.email, plan: membershipPlans.name })
    .from(clients)
    .innerJoin(membershipPlans, and(eq(membershipPlans.studioId, clients.studioId), eq(membershipPlans.id, m.planId)))
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, m.clientId), isNull(clients.erasedAt)));
  if (!row?.email) return false;
  const link = `${appOrigin() ?? ""}/s/${ctx.studio.slug}/memberships`;
  await enqueueTemplateMail(
    ctx,
    "payment_failed",
    { name: row.name, plan: row.plan, link },
    { to: row.email, clientId: m.clientId, key: `payment_failed:${invoiceId}` },
  );
  return true;
}

export type PaymentFailedRow = {
  membershipId: string;
  clientId: string | null;
  clientName: string | null;
  email: string | null;
  plan: string;
  since: Date;
};

/**
 * J3: the members whose recurring payment failed, for staff: memberships
 * `past_due` (M3: no booking until paid), the longest overdue first.
 */
export async function listPaymentFailed(ctx: Ctx, opts: { limit?: number } = {}): Promise<PaymentFailedRow[]> {
  requirePermission(ctx, "memberships.read");
  return ctx.db
    .select({
      membershipId: memberships.id,
      clientId: memberships.clientId,
      clientName: clients.name,
      email: clients.email,
      plan: membershipPlans.name,
      since: memberships.updatedAt,
    })
    .from(memberships)
    .innerJoin(
      membershipPlans,
      and(eq(membershipPlans.studioId, memberships.studioId), eq(membershipPlans.id, memberships.planId)),
    )
    .leftJoin(clients, and(eq(clients.studioId, memberships.studioId), eq(clients.id, memberships.clientId)))
    .where(and(eq(memberships.studioId, ctx.studio.id), eq(memberships.status, "past_due")))
    .orderBy(asc(memberships.updatedAt), asc(memberships.id))
    .limit(Math.min(opts.limit ?? 50, 200));
}
