import { and, eq } from "drizzle-orm";
import {
  clients,
  memberships,
  membershipPlans,
  payments,
  stripeAccounts,
  type Booking,
  type FeePolicy,
  type MembershipPlan,
  type Payment,
  type PaymentFee,
} from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { actorId, type Ctx } from "@/lib/core/ctx";
import { formatDateTime, formatMoney } from "@/lib/core/format";
import { requireInSomeSession } from "@/lib/core/permissions";
import { isUuid } from "@/lib/core/validation";
import { enqueue, enqueueTemplateMail } from "@/lib/jobs";
import { stripeClient } from "@/lib/stripe/client";
import { studioSettings } from "@/lib/studios/settings";
import { loadBookingMailFacts } from "./session-read";

/** B9: what each fee is called, on the payment and in mail. */
export const FEE_LABELS: Record<PaymentFee, string> = { late_cancel: "Late-cancel fee", no_show: "No-show fee" };

type PlanPolicies = Pick<MembershipPlan, "lateCancelPolicy" | "noShowPolicy">;

/** B9: the policy that applies: the plan's where it sets one, else the studio's. */
export function effectiveFeePolicy(ctx: Ctx, plan: PlanPolicies | null, reason: PaymentFee): FeePolicy {
  const settings = studioSettings(ctx.studio);
  const own = reason === "late_cancel" ? plan?.lateCancelPolicy : plan?.noShowPolicy;
  const policy = own ?? (reason === "late_cancel" ? settings.lateCancelPolicy : settings.noShowPolicy);
  return policy.kind === "fee" && policy.feeCents ? policy : { kind: "forfeit" };
}

/** The policy for a booking: the plan of the membership that paid it, else (a drop-in) the studio's. */
export async function bookingFeePolicy(
  tx: Ctx,
  booking: Pick<Booking, "membershipId">,
  reason: PaymentFee,
): Promise<FeePolicy> {
  if (!booking.membershipId) return effectiveFeePolicy(tx, null, reason);
  const [plan] = await tx.db
    .select({ lateCancelPolicy: membershipPlans.lateCancelPolicy, noShowPolicy: membershipPlans.noShowPolicy })
    .from(memberships)
    .innerJoin(
      membershipPlans,
      and(eq(membershipPlans.studioId, memberships.studioId), eq(membershipPlans.id, memberships.planId)),
    )
    .where(and(eq(memberships.studioId, tx.studio.id), eq(memberships.id, booking.membershipId)));
  return effectiveFeePolicy(tx, plan ?? null, reason);
}

/**
 * B9: the sentence a member reads before booking (and in the cancel confirmation), e.g. "Cancelling less than 12 h
 * before costs PLN 20.00; a no-show costs PLN 30.00." Null when neither costs a fee.
 */
export function feePolicyText(ctx: Ctx, plan: PlanPolicies | null): string | null {
  const late = effectiveFeePolicy(ctx, plan, "late_cancel");
  const noShow = effectiveFeePolicy(ctx, plan, "no_show");
  const hours = studioSettings(ctx.studio).lateCancelHours;
  const parts: string[] = [];
  if (late.kind === "fee" && hours > 0)
    parts.push(`Cancelling less than ${hours} h before costs ${formatMoney(late.feeCents!, ctx.studio.currency)}`);
  if (noShow.kind === "fee")
    parts.push(`${parts.length ? "a" : "A"} no-show costs ${formatMoney(noShow.feeCents!, ctx.studio.currency)}`);
  return parts.length ? `${parts.join("; ")}.` : null;
}

/**
 * B9, O4: the fee policy sentence for a booking paid by `membershipId` (its plan's policies) or a drop-in (null), for
 * the member before booking. Anyone who may book reads it; another studio's membership reads as the studio's policy.
 */
export async function bookingPolicyText(ctx: Ctx, membershipId: string | null): Promise<string | null> {
  requireInSomeSession(ctx, "bookings.manage", { orMember: true });
  if (!membershipId || !isUuid(membershipId)) return feePolicyText(ctx, null);
  const [plan] = await ctx.db
    .select({ lateCancelPolicy: membershipPlans.lateCancelPolicy, noShowPolicy: membershipPlans.noShowPolicy })
    .from(memberships)
    .innerJoin(
      membershipPlans,
      and(eq(membershipPlans.studioId, memberships.studioId), eq(membershipPlans.id, memberships.planId)),
    )
    .where(and(eq(memberships.studioId, ctx.studio.id), eq(memberships.id, membershipId)));
  return feePolicyText(ctx, plan ?? null);
}

/** The client's saved card on the studio's connected account, or null (then a fee is a payment due). */
async function savedCard(tx: Ctx, clientId: string): Promise<boolean> {
  if (!stripeClient()) return false;
  const [row] = await tx.db
    .select({
      pm: clients.stripePaymentMethodId,
      customer: clients.stripeCustomerId,
      charges: stripeAccounts.chargesEnabled,
    })
    .from(clients)
    .innerJoin(stripeAccounts, eq(stripeAccounts.studioId, clients.studioId))
    .where(and(eq(clients.studioId, tx.studio.id), eq(clients.id, clientId)));
  return Boolean(row?.pm && row.customer && row.charges);
}

/**
 * B9: raises a booking's fee, in the caller's transaction (a late cancel, a no-show mark). The payment is written due
 * and linked to the booking; the unique key (studio, booking, fee) makes a repeated mark or a retried cancel write
 * nothing (returns null). With the studio's Stripe connected and a saved card, the `fees.charge` job takes it off
 * session; otherwise the member is mailed that it is due. Both enqueued here (J1).
 */
export async function raiseFee(
  tx: Ctx,
  booking: Pick<Booking, "id" | "clientId" | "sessionId">,
  reason: PaymentFee,
  feeCents: number,
): Promise<Payment | null> {
  const { session, cls, client } = await loadBookingMailFacts(tx, booking.sessionId, booking.clientId);
  const when = formatDateTime(session.startsAt, tx.studio.timezone);
  const label = FEE_LABELS[reason];
  const [payment] = await tx.db
    .insert(payments)
    .values({
      studioId: tx.studio.id,
      clientId: booking.clientId,
      bookingId: booking.id,
      fee: reason,
      amountCents: feeCents,
      currency: tx.studio.currency,
      method: null,
      status: "due",
      description: `${label}: ${cls.title}, ${when}`,
      createdByActorType: tx.actor.kind,
      createdByActorId: actorId(tx.actor),
      createdAt: tx.now,
      updatedAt: tx.now,
    })
    .onConflictDoNothing()
    .returning();
  if (!payment) return null;
  await audit(tx, {
    action: "payment.fee_raised",
    table: "payments",
    rowId: payment.id,
    data: { bookingId: booking.id, fee: reason, amountCents: feeCents },
  });
  if (await savedCard(tx, booking.clientId)) {
    await enqueue(
      tx,
      "fees.charge",
      { studioId: tx.studio.id, paymentId: payment.id },
      { key: `fee-charge:${payment.id}` },
    );
  } else {
    await mailFee(tx, payment, { name: client?.name ?? "", email: client?.email ?? null }, false);
  }
  return payment;
}

/** B9: the member's mail about a fee, charged or due; once per fee (the key). */
export async function mailFee(
  tx: Ctx,
  payment: Payment,
  client: { name: string; email: string | null },
  charged: boolean,
): Promise<void> {
  if (!client.email || !payment.fee) return;
  const label = FEE_LABELS[payment.fee];
  const what = payment.description?.replace(`${label}: `, "") ?? "your booking";
  await enqueueTemplateMail(
    tx,
    "fee_raised",
    {
      name: client.name,
      label,
      what: payment.fee === "no_show" ? `missing ${what}` : `cancelling ${what} late`,
      amount: formatMoney(payment.amountCents, payment.currency),
      charged,
    },
    { to: client.email, clientId: payment.clientId, key: `fee:${payment.id}` },
  );
}
