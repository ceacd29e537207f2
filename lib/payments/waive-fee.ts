import { and, eq, sql } from "drizzle-orm";
import { clients, messages, payments, refunds, type Payment } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { actorId, inTransaction, type Ctx } from "@/lib/core/ctx";
import { NotFoundError, RuleError } from "@/lib/core/errors";
import { formatDateTime, formatMoney } from "@/lib/core/format";
import { FEE_LABELS } from "@/lib/bookings/booking-fees";
import { enqueueTemplateMail } from "@/lib/jobs";
import { requirePermission } from "@/lib/core/permissions";
import { isUuid } from "@/lib/core/validation";
import { enqueueFeeRefund } from "./fee-jobs";

/** B9: how long after a fee is raised staff may waive it. */
export const FEE_WAIVE_WINDOW_MS = 24 * 3600_000;

/** Whether a payment is a fee staff may still waive now (for the buttons; waiveFee decides). */
export function canWaiveFee(p: Pick<Payment, "fee" | "feeWaivedAt" | "createdAt" | "status">, now: Date): boolean {
  return (
    p.fee !== null &&
    p.feeWaivedAt === null &&
    p.status !== "void" &&
    now.getTime() - p.createdAt.getTime() <= FEE_WAIVE_WINDOW_MS
  );
}

/**
 * B9: staff waive a late-cancel or no-show fee within 24 hours of it being raised. A fee still due (or whose charge
 * failed) is voided; a fee charged through Stripe is refunded by the `fees.refund` job (idempotent); a fee paid at the
 * desk gets its refund row here. Waiving twice changes nothing more; after 24 hours it is refused
 * (`fee_waive_expired`). Audited. Staff who may refund.
 */
export async function waiveFee(ctx: Ctx, id: string): Promise<Payment> {
  requirePermission(ctx, "payments.refund");
  if (!isUuid(id)) throw new NotFoundError("Payment");
  return inTransaction(ctx, async (tx) => {
    const [p] = await tx.db
      .select()
      .from(payments)
      .where(and(eq(payments.studioId, ctx.studio.id), eq(payments.id, id)))
      .for("update");
    if (!p) throw new NotFoundError("Payment");
    if (!p.fee) throw new RuleError("not_a_fee", "Only a late-cancel or no-show fee can be waived.");
    if (p.feeWaivedAt) return p;
    if (ctx.now.getTime() - p.createdAt.getTime() > FEE_WAIVE_WINDOW_MS)
      throw new RuleError(
        "fee_waive_expired",
        `A fee can be waived within 24 hours of being raised; this one was raised ${formatDateTime(p.createdAt, ctx.studio.timezone)}. Refund it instead.`,
      );
    return applyFeeWaiver(tx, p, "staff");
  });
}

/**
 * B9, O6: waives a fee (`p`, locked by the caller, not waived yet) in the caller's transaction: a fee still due (or
 * whose charge failed) is voided; one charged through Stripe is refunded by the `fees.refund` job (idempotent); one
 * paid at the desk gets its refund row. `because` tells the audit why: staff waived it, or the no-show it was raised
 * for was undone (a fee for a no-show that did not happen is no fee). No permission or window check: the caller's.
 */
export async function applyFeeWaiver(tx: Ctx, p: Payment, because: "staff" | "no_show_undone"): Promise<Payment> {
  const where = and(eq(payments.studioId, tx.studio.id), eq(payments.id, p.id));
  let row: Payment;
  if (p.status === "paid") {
    const left = p.amountCents - p.refundedCents;
    if (p.stripePaymentIntentId || left <= 0) {
      [row] = (await tx.db
        .update(payments)
        .set({ feeWaivedAt: tx.now, updatedAt: tx.now })
        .where(where)
        .returning()) as [Payment];
      if (p.stripePaymentIntentId && left > 0) await enqueueFeeRefund(tx, p.id);
    } else {
      // Paid at the desk: the money goes back there, recorded as a refund (R1 lifetime spend follows).
      await tx.db.insert(refunds).values({
        studioId: tx.studio.id,
        paymentId: p.id,
        amountCents: left,
        reason: because === "staff" ? "Fee waived" : "No-show undone",
        createdByActorType: tx.actor.kind,
        createdByActorId: actorId(tx.actor),
        createdAt: tx.now,
      });
      [row] = (await tx.db
        .update(payments)
        .set({ feeWaivedAt: tx.now, refundedCents: sql`${payments.amountCents}`, updatedAt: tx.now })
        .where(where)
        .returning()) as [Payment];
    }
  } else {
    [row] = (await tx.db
      .update(payments)
      .set({ status: "void", feeWaivedAt: tx.now, updatedAt: tx.now })
      .where(where)
      .returning()) as [Payment];
  }
  await mailFeeWaived(tx, row);
  await audit(tx, {
    action: "payment.fee_waived",
    table: "payments",
    rowId: p.id,
    data: { fee: p.fee, amountCents: p.amountCents, was: p.status, refund: p.status === "paid", because },
  });
  return row;
}

/** B9: the member who was mailed about a fee (`fee:<id>`) is mailed that it was waived; once per fee (the key). */
async function mailFeeWaived(tx: Ctx, p: Payment): Promise<void> {
  if (!p.fee) return;
  const [told] = await tx.db
    .select({ to: messages.toAddress, name: clients.name })
    .from(messages)
    .innerJoin(clients, and(eq(clients.studioId, messages.studioId), eq(clients.id, p.clientId)))
    .where(and(eq(messages.studioId, tx.studio.id), eq(messages.key, `fee:${p.id}`)));
  if (!told) return; // never told of the fee (its charge was still queued): nothing to take back
  await enqueueTemplateMail(
    tx,
    "fee_waived",
    {
      name: told.name,
      label: FEE_LABELS[p.fee],
      amount: formatMoney(p.amountCents, p.currency),
      refunded: p.status === "paid",
    },
    { to: told.to, clientId: p.clientId, key: `fee-waived:${p.id}` },
  );
}
