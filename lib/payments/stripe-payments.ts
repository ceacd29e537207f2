import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { payments, refunds, type Payment } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { actorId, inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { Money, parseInput } from "@/lib/core/validation";

const StripeId = z.string().trim().min(1).max(255);

export const RecordStripePaymentInput = z
  .object({
    clientId: z.uuid(),
    amountCents: Money,
    currency: z.string().regex(/^[A-Z]{3}$/),
    membershipId: z.uuid().optional(),
    bookingId: z.uuid().optional(),
    /** The money's identity at Stripe: one payment row per payment intent, however often it is reported. */
    paymentIntentId: StripeId.nullable().optional(),
    checkoutSessionId: StripeId.nullable().optional(),
    description: z.string().trim().max(300).optional(),
  })
  .refine((p) => !(p.membershipId && p.bookingId), { error: "A payment is for a membership or a booking, not both." });
export type RecordStripePaymentInput = z.input<typeof RecordStripePaymentInput>;

/**
 * P0, R1: money Stripe took, recorded once. The system acts (a verified
 * webhook); the caller has checked the client, membership and booking belong
 * to the studio. In order:
 *  1. a payment already carrying this payment intent is the answer (a repeat);
 *  2. else the sale's own payment due (the one `assignMembership` or
 *     `bookSession` wrote for the membership or booking) is marked paid, by
 *     check-and-change on `status = 'due'`;
 *  3. else a new paid payment, whose intent the unique index keeps single even
 *     against a concurrent writer.
 * Lifetime spend follows by the payments trigger (R1).
 */
export async function recordStripePayment(
  ctx: Ctx,
  raw: RecordStripePaymentInput,
): Promise<{ payment: Payment; created: boolean }> {
  requirePermission(ctx, "stripe.manage");
  const input = parseInput(RecordStripePaymentInput, raw);
  return inTransaction(ctx, async (tx) => {
    const byIntent = async () =>
      input.paymentIntentId
        ? (
            await tx.db
              .select()
              .from(payments)
              .where(
                and(eq(payments.studioId, ctx.studio.id), eq(payments.stripePaymentIntentId, input.paymentIntentId)),
              )
          )[0]
        : undefined;
    const existing = await byIntent();
    if (existing) return { payment: existing, created: false };

    const paid = {
      status: "paid" as const,
      method: "stripe" as const,
      paidAt: ctx.now,
      amountCents: input.amountCents,
      currency: input.currency,
      stripePaymentIntentId: input.paymentIntentId ?? null,
      stripeCheckoutSessionId: input.checkoutSessionId ?? null,
      updatedAt: ctx.now,
    };

    if (input.membershipId || input.bookingId) {
      const [due] = await tx.db
        .select({ id: payments.id })
        .from(payments)
        .where(
          and(
            eq(payments.studioId, ctx.studio.id),
            eq(payments.clientId, input.clientId),
            input.membershipId
              ? eq(payments.membershipId, input.membershipId)
              : eq(payments.bookingId, input.bookingId!),
            eq(payments.status, "due"),
            isNull(payments.stripePaymentIntentId),
            isNull(payments.fee), // B9: a sale's money never settles a fee
          ),
        )
        .orderBy(asc(payments.createdAt))
        .limit(1);
      if (due) {
        const [settled] = await tx.db
          .update(payments)
          .set(paid)
          .where(and(eq(payments.studioId, ctx.studio.id), eq(payments.id, due.id), eq(payments.status, "due")))
          .returning();
        if (settled) {
          await audit(tx, {
            action: "payment.paid_by_stripe",
            table: "payments",
            rowId: settled.id,
            data: { amountCents: settled.amountCents, paymentIntentId: settled.stripePaymentIntentId },
          });
          return { payment: settled, created: false };
        }
      }
    }

    const [inserted] = await tx.db
      .insert(payments)
      .values({
        studioId: ctx.studio.id,
        clientId: input.clientId,
        membershipId: input.membershipId ?? null,
        bookingId: input.bookingId ?? null,
        description: input.description ?? null,
        createdByActorType: ctx.actor.kind,
        createdByActorId: actorId(ctx.actor),
        createdAt: ctx.now,
        ...paid,
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted) return { payment: (await byIntent())!, created: false };
    await audit(tx, {
      action: "payment.recorded",
      table: "payments",
      rowId: inserted.id,
      data: { amountCents: inserted.amountCents, method: "stripe", paymentIntentId: inserted.stripePaymentIntentId },
    });
    return { payment: inserted, created: true };
  });
}

/** The payment Stripe's payment intent paid, in this studio, or null (money Roster did not sell). */
export async function findStripePayment(ctx: Ctx, paymentIntentId: string): Promise<Payment | null> {
  requirePermission(ctx, "stripe.manage");
  const [p] = await ctx.db
    .select()
    .from(payments)
    .where(and(eq(payments.studioId, ctx.studio.id), eq(payments.stripePaymentIntentId, paymentIntentId)));
  return p ?? null;
}

export const RecordStripeRefundInput = z.object({
  paymentId: z.uuid(),
  refundId: StripeId,
  amountCents: Money.min(1),
  reason: z.string().trim().max(300).nullable().optional(),
});
export type RecordStripeRefundInput = z.input<typeof RecordStripeRefundInput>;

/**
 * P0, R1: one Stripe refund, recorded once (refunds.stripe_refund_id is unique
 * per studio, so a repeated or concurrent `charge.refunded` inserts nothing)
 * and added to the payment's `refunded_cents` in the same transaction; lifetime
 * spend follows by trigger. Never more than the payment: the total is capped at
 * the amount and the mismatch audited (the money moved at Stripe whatever we think).
 */
export async function recordStripeRefund(ctx: Ctx, raw: RecordStripeRefundInput): Promise<{ recorded: boolean }> {
  requirePermission(ctx, "stripe.manage");
  const input = parseInput(RecordStripeRefundInput, raw);
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(refunds)
      .values({
        studioId: ctx.studio.id,
        paymentId: input.paymentId,
        amountCents: input.amountCents,
        reason: input.reason ?? "Refunded through Stripe",
        stripeRefundId: input.refundId,
        createdByActorType: ctx.actor.kind,
        createdByActorId: actorId(ctx.actor),
        createdAt: ctx.now,
      })
      .onConflictDoNothing()
      .returning({ id: refunds.id });
    if (!row) return { recorded: false };
    await addToRefunded(tx, input.paymentId, input.amountCents, { stripeRefundId: input.refundId });
    return { recorded: true };
  });
}

/**
 * P0 fallback when Stripe's refund list is not at hand: sets the payment's
 * refunded total to what the charge says (state, not an increment), with one
 * refund row for the difference. Repeating it changes nothing.
 */
export async function syncStripeRefundTotal(
  ctx: Ctx,
  paymentId: string,
  amountRefundedCents: number,
): Promise<{ recorded: boolean }> {
  requirePermission(ctx, "stripe.manage");
  return inTransaction(ctx, async (tx) => {
    const [p] = await tx.db
      .select()
      .from(payments)
      .where(and(eq(payments.studioId, ctx.studio.id), eq(payments.id, paymentId)))
      .for("update");
    if (!p) return { recorded: false };
    const target = Math.min(amountRefundedCents, p.amountCents);
    const diff = target - p.refundedCents;
    if (diff <= 0) return { recorded: false };
    await tx.db.insert(refunds).values({
      studioId: ctx.studio.id,
      paymentId,
      amountCents: diff,
      reason: "Refunded through Stripe",
      createdByActorType: ctx.actor.kind,
      createdByActorId: actorId(ctx.actor),
      createdAt: ctx.now,
    });
    await addToRefunded(tx, paymentId, diff, {});
    return { recorded: true };
  });
}

async function addToRefunded(
  ctx: Ctx,
  paymentId: string,
  amountCents: number,
  data: Record<string, unknown>,
): Promise<void> {
  const [updated] = await ctx.db
    .update(payments)
    .set({
      refundedCents: sql`least(${payments.amountCents}, ${payments.refundedCents} + ${amountCents})`,
      updatedAt: ctx.now,
    })
    .where(and(eq(payments.studioId, ctx.studio.id), eq(payments.id, paymentId)))
    .returning({ refundedCents: payments.refundedCents, amountCents: payments.amountCents });
  await audit(ctx, {
    action: "payment.refunded",
    table: "payments",
    rowId: paymentId,
    data: { amountCents, via: "stripe", ...data, refundedCents: updated?.refundedCents ?? null },
  });
}
