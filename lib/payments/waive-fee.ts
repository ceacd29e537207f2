import { and, eq, sql } from "drizzle-orm";
import { payments, refunds, type Payment } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { actorId, inTransaction, type Ctx } from "@/lib/core/ctx";
import { NotFoundError, RuleError } from "@/lib/core/errors";
import { formatDateTime } from "@/lib/core/format";
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
    const where = and(eq(payments.studioId, ctx.studio.id), eq(payments.id, id));
    let row: Payment;
    if (p.status === "paid") {
      const left = p.amountCents - p.refundedCents;
      if (p.stripePaymentIntentId || left <= 0) {
        [row] = (await tx.db
          .update(payments)
          .set({ feeWaivedAt: ctx.now, updatedAt: ctx.now })
          .where(where)
          .returning()) as [Payment];
        if (p.stripePaymentIntentId && left > 0) await enqueueFeeRefund(tx, id);
      } else {
        // Paid at the desk: the money goes back there, recorded as a refund (R1 lifetime spend follows).
        await tx.db.insert(refunds).values({
          studioId: ctx.studio.id,
          paymentId: id,
          amountCents: left,
          reason: "Fee waived",
          createdByActorType: ctx.actor.kind,
          createdByActorId: actorId(ctx.actor),
          createdAt: ctx.now,
        });
        [row] = (await tx.db
          .update(payments)
          .set({ feeWaivedAt: ctx.now, refundedCents: sql`${payments.amountCents}`, updatedAt: ctx.now })
          .where(where)
          .returning()) as [Payment];
      }
    } else {
      [row] = (await tx.db
        .update(payments)
        .set({ status: "void", feeWaivedAt: ctx.now, updatedAt: ctx.now })
        .where(where)
        .returning()) as [Payment];
    }
    await audit(tx, {
      action: "payment.fee_waived",
      table: "payments",
      rowId: id,
      data: { fee: p.fee, amountCents: p.amountCents, was: p.status, refund: p.status === "paid" },
    });
    return row;
  });
}
