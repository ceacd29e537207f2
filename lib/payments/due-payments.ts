import { and, asc, eq, ilike, isNotNull, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import {
  bookings,
  classes,
  classSessions,
  clients,
  memberships,
  membershipPlans,
  payments,
  type Payment,
} from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { CursorInstant, decodeCursor, Limit, toPage, type Page } from "@/lib/core/pagination";
import { at, containsPattern } from "@/lib/core/sql";
import { parseInput } from "@/lib/core/validation";

/** What a payment due is for: a membership, a booking (a drop-in), a fee (B9), or neither (money owed at the desk). */
export const DUE_KINDS = ["membership", "drop_in", "fee", "other"] as const;
export type DueKind = (typeof DUE_KINDS)[number];

export const ListDuePaymentsInput = z
  .object({
    /** O3: the list is of payments due; the parameter names it, so other statuses can follow. */
    status: z.literal("due", { error: "Only status=due is listed." }).default("due"),
    kind: z.enum(DUE_KINDS, { error: "Use membership, drop_in or other." }).optional(),
    /** Part of the client's name or email. */
    q: z.string().trim().max(100).optional(),
    limit: Limit,
    cursor: z.string().optional(),
  })
  .strict();
export type ListDuePaymentsInput = z.input<typeof ListDuePaymentsInput>;

export type DuePayment = {
  payment: Payment;
  kind: DueKind;
  client: { id: string; name: string; email: string | null };
  /** The plan's name, or the class's title for a drop-in, or the payment's own description. */
  label: string | null;
  /** A drop-in's session start. */
  sessionStartsAt: Date | null;
};

/** The amount due in one currency: the list's total (a studio may sell plans in other currencies). */
export type DueTotal = { currency: string; amountCents: number; count: number };

const kindSql = sql<DueKind>`case when ${payments.membershipId} is not null then 'membership'
  when ${payments.fee} is not null then 'fee'
  when ${payments.bookingId} is not null then 'drop_in' else 'other' end`;

function filters(ctx: Ctx, input: z.output<typeof ListDuePaymentsInput>) {
  const like = input.q ? containsPattern(input.q) : null;
  return and(
    eq(payments.studioId, ctx.studio.id),
    eq(payments.status, "due"),
    input.kind === "membership" ? isNotNull(payments.membershipId) : undefined,
    input.kind === "drop_in"
      ? and(isNull(payments.membershipId), isNotNull(payments.bookingId), isNull(payments.fee))
      : undefined,
    input.kind === "fee" ? isNotNull(payments.fee) : undefined,
    input.kind === "other" ? and(isNull(payments.membershipId), isNull(payments.bookingId)) : undefined,
    like ? sql`(${ilike(clients.name, like)} or ${ilike(clients.email, like)})` : undefined,
  );
}

/**
 * O3: every payment due, memberships and drop-ins alike, oldest first, with
 * the client and what it is for; filtered by kind and client; and the total
 * of the whole filtered list per currency. Staff who take payments.
 */
export async function listDuePayments(
  ctx: Ctx,
  raw: ListDuePaymentsInput = {},
): Promise<Page<DuePayment> & { totals: DueTotal[] }> {
  requirePermission(ctx, "payments.take");
  const input = parseInput(ListDuePaymentsInput, raw);
  const after = decodeCursor(input.cursor, z.tuple([CursorInstant, z.uuid()]));
  const where = filters(ctx, input);
  const rows = await ctx.db
    .select({
      payment: payments,
      kind: kindSql,
      client: { id: clients.id, name: clients.name, email: clients.email },
      plan: membershipPlans.name,
      classTitle: classes.title,
      sessionStartsAt: classSessions.startsAt,
    })
    .from(payments)
    .innerJoin(clients, and(eq(clients.studioId, payments.studioId), eq(clients.id, payments.clientId)))
    .leftJoin(memberships, and(eq(memberships.studioId, payments.studioId), eq(memberships.id, payments.membershipId)))
    .leftJoin(
      membershipPlans,
      and(eq(membershipPlans.studioId, memberships.studioId), eq(membershipPlans.id, memberships.planId)),
    )
    .leftJoin(bookings, and(eq(bookings.studioId, payments.studioId), eq(bookings.id, payments.bookingId)))
    .leftJoin(
      classSessions,
      and(eq(classSessions.studioId, bookings.studioId), eq(classSessions.id, bookings.sessionId)),
    )
    .leftJoin(classes, and(eq(classes.studioId, classSessions.studioId), eq(classes.id, classSessions.classId)))
    .where(
      and(
        where,
        after
          ? sql`(${payments.createdAt}, ${payments.id}) > (${at(new Date(after[0]))}, ${after[1]}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(payments.createdAt), asc(payments.id))
    .limit(input.limit + 1);
  const totals = await ctx.db
    .select({
      currency: payments.currency,
      amountCents: sql<number>`coalesce(sum(${payments.amountCents}), 0)::int`,
      count: sql<number>`count(*)::int`,
    })
    .from(payments)
    .innerJoin(clients, and(eq(clients.studioId, payments.studioId), eq(clients.id, payments.clientId)))
    .where(where)
    .groupBy(payments.currency)
    .orderBy(asc(payments.currency));
  const page = toPage(
    rows,
    input.limit,
    (r) => [r.payment.createdAt.toISOString(), r.payment.id],
    (r): DuePayment => ({
      payment: r.payment,
      kind: r.kind,
      client: r.client,
      label: r.payment.fee ? r.payment.description : (r.plan ?? r.classTitle ?? r.payment.description),
      sessionStartsAt: r.sessionStartsAt,
    }),
  );
  return {
    ...page,
    totals: totals.map((t) => ({ currency: t.currency, amountCents: Number(t.amountCents), count: Number(t.count) })),
  };
}
