import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { bookings, payments, refunds, type Payment, type PaymentMethod } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { actorId, inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { InvalidInputError, NotFoundError, RuleError } from "@/lib/core/errors";
import { loadMembership } from "@/lib/memberships/get-membership";
import { isUuid, Money, parseInput } from "@/lib/core/validation";
import { getClient } from "@/lib/clients/get-client";

/** How staff take money at the desk. Stripe and PayPal payments arrive through their own flows. */
export const StaffPaymentMethod = z.enum(["cash", "bank", "card_terminal"], {
  error: "Choose cash, bank transfer or card terminal.",
});

/** The fields of a payment staff record; the API's body is these (STYLE Dec 2026 #3), with `RecordPaymentRules`. */
export const RecordPaymentFields = z.object({
  clientId: z.uuid(),
  amountCents: Money,
  /** The sale's currency (a plan's own); defaults to the studio's. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  /** Null: the payment is due, to be marked paid later. */
  method: StaffPaymentMethod.nullable(),
  membershipId: z.uuid().optional(),
  bookingId: z.uuid().optional(),
  description: z.string().trim().max(300).optional(),
});

/** P0: one thing paid for at most, said beside the field at every door. */
export function recordPaymentRules(p: { membershipId?: string; bookingId?: string }, c: z.RefinementCtx): void {
  if (p.membershipId && p.bookingId)
    c.addIssue({
      code: "custom",
      path: ["membershipId"],
      message: "A payment is for a membership or a booking, not both.",
    });
}

export const RecordPaymentInput = RecordPaymentFields.superRefine(recordPaymentRules);
export type RecordPaymentInput = z.input<typeof RecordPaymentInput>;

/** Staff record money taken (method given) or owed (method null) by a client (P0). */
export async function recordPayment(ctx: Ctx, raw: RecordPaymentInput): Promise<Payment> {
  requirePermission(ctx, "payments.take");
  const input = parseInput(RecordPaymentInput, raw);
  await getClient(ctx, input.clientId);
  if (input.membershipId) {
    const membership = await loadMembership(ctx, input.membershipId);
    if (membership.clientId && membership.clientId !== input.clientId) {
      throw new InvalidInputError("That membership belongs to another client.", {
        membershipId: ["Belongs to another client."],
      });
    }
  }
  if (input.bookingId) {
    const [booking] = await ctx.db
      .select({ clientId: bookings.clientId })
      .from(bookings)
      .where(and(eq(bookings.studioId, ctx.studio.id), eq(bookings.id, input.bookingId)));
    if (!booking) throw new NotFoundError("Booking");
    if (booking.clientId !== input.clientId) {
      throw new InvalidInputError("That booking belongs to another client.", {
        bookingId: ["Belongs to another client."],
      });
    }
  }
  return insertPayment(ctx, input);
}

/**
 * The payment row of a sale, for the verbs that sell (a membership, a booking):
 * they have checked the caller already and call this inside their transaction,
 * so the sale and its payment land together. A member's own purchase without
 * Stripe is "pay at the studio": a payment due (P0).
 */
export async function insertPayment(ctx: Ctx, raw: RecordPaymentInput): Promise<Payment> {
  const input = parseInput(RecordPaymentInput, raw);
  return inTransaction(ctx, async (tx) => {
    const [payment] = await tx.db
      .insert(payments)
      .values({
        studioId: ctx.studio.id,
        clientId: input.clientId,
        membershipId: input.membershipId ?? null,
        bookingId: input.bookingId ?? null,
        amountCents: input.amountCents,
        currency: input.currency ?? ctx.studio.currency,
        method: input.method,
        status: input.method ? "paid" : "due",
        paidAt: input.method ? ctx.now : null,
        description: input.description ?? null,
        createdByActorType: ctx.actor.kind,
        createdByActorId: actorId(ctx.actor),
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await audit(tx, {
      action: input.method ? "payment.recorded" : "payment.due",
      table: "payments",
      rowId: payment!.id,
      data: { amountCents: input.amountCents, method: input.method },
    });
    return payment!;
  });
}

async function getPayment(ctx: Ctx, id: string): Promise<Payment> {
  if (!isUuid(id)) throw new NotFoundError("Payment");
  const [p] = await ctx.db
    .select()
    .from(payments)
    .where(and(eq(payments.studioId, ctx.studio.id), eq(payments.id, id)));
  if (!p) throw new NotFoundError("Payment");
  return p;
}

/** Staff mark a due payment as paid, saying how. Paying twice is refused. */
export async function markPaymentPaid(ctx: Ctx, id: string, raw: { method: PaymentMethod | string }): Promise<Payment> {
  requirePermission(ctx, "payments.take");
  const method = parseInput(StaffPaymentMethod, raw.method);
  return inTransaction(ctx, async (tx) => {
    await getPayment(tx, id);
    const [row] = await tx.db
      .update(payments)
      .set({ status: "paid", method, paidAt: ctx.now, updatedAt: ctx.now })
      .where(and(eq(payments.studioId, ctx.studio.id), eq(payments.id, id), eq(payments.status, "due")))
      .returning();
    if (!row) throw new RuleError("payment_not_due", "This payment is not due: it was paid or voided already.");
    await audit(tx, { action: "payment.marked_paid", table: "payments", rowId: id, data: { method } });
    return row;
  });
}

export const RefundInput = z.object({
  amountCents: Money.min(1, { error: "Refund at least 1 cent." }),
  reason: z.string().trim().max(300).optional(),
});

/**
 * Refunds part or all of a paid payment (R1 lifetime spend follows). The
 * running total and the refund row change together, in one check-and-change,
 * so two refunds racing cannot refund more than was paid.
 */
export async function refundPayment(ctx: Ctx, id: string, raw: z.input<typeof RefundInput>): Promise<Payment> {
  requirePermission(ctx, "payments.refund");
  const input = parseInput(RefundInput, raw);
  return inTransaction(ctx, async (tx) => {
    const current = await getPayment(tx, id);
    const [row] = await tx.db
      .update(payments)
      .set({ refundedCents: sql`${payments.refundedCents} + ${input.amountCents}`, updatedAt: ctx.now })
      .where(
        and(
          eq(payments.studioId, ctx.studio.id),
          eq(payments.id, id),
          eq(payments.status, "paid"),
          sql`${payments.refundedCents} + ${input.amountCents} <= ${payments.amountCents}`,
        ),
      )
      .returning();
    if (!row) {
      if (current.status !== "paid") throw new RuleError("payment_not_paid", "Only a paid payment can be refunded.");
      throw new RuleError(
        "refund_too_large",
        `At most ${current.amountCents - current.refundedCents} cents of this payment can still be refunded.`,
      );
    }
    await tx.db.insert(refunds).values({
      studioId: ctx.studio.id,
      paymentId: id,
      amountCents: input.amountCents,
      reason: input.reason ?? null,
      createdByActorType: ctx.actor.kind,
      createdByActorId: actorId(ctx.actor),
      createdAt: ctx.now,
    });
    await audit(tx, {
      action: "payment.refunded",
      table: "payments",
      rowId: id,
      data: { amountCents: input.amountCents },
    });
    return row;
  });
}

/** A client's or a membership's payments, newest first. */
export async function listPayments(ctx: Ctx, filter: { clientId?: string; membershipId?: string }): Promise<Payment[]> {
  requirePermission(ctx, "memberships.read");
  return ctx.db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.studioId, ctx.studio.id),
        filter.clientId ? eq(payments.clientId, filter.clientId) : undefined,
        filter.membershipId ? eq(payments.membershipId, filter.membershipId) : undefined,
      ),
    )
    .orderBy(desc(payments.createdAt));
}

/** The payment as the API shows it. */
export function toApiPayment(p: Payment) {
  return {
    id: p.id,
    clientId: p.clientId,
    membershipId: p.membershipId,
    bookingId: p.bookingId,
    amountCents: p.amountCents,
    refundedCents: p.refundedCents,
    currency: p.currency,
    method: p.method,
    status: p.status,
    paidAt: p.paidAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    fee: p.fee,
    feeWaivedAt: p.feeWaivedAt?.toISOString() ?? null,
  };
}
