import { and, eq, sql } from "drizzle-orm";
import { clients, payments } from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { can, requirePermission } from "@/lib/core/permissions";

export type StudioTotals = {
  /** Clients on record (erased ones are not people any more). */
  clients: number;
  /** R1 summed: bookings not cancelled, erased clients' anonymous bookings included (P1). */
  bookings: number;
  /** Paid payments minus refunds, per currency; owners only (null for instructors). */
  revenue: { currency: string; cents: number }[] | null;
};

/**
 * The studio's headline figures. Erasure (P1) keeps anonymous bookings and
 * payments, so bookings and revenue never move when a client is erased.
 */
export async function getStudioTotals(ctx: Ctx): Promise<StudioTotals> {
  requirePermission(ctx, "clients.read");
  const [counts] = await ctx.db
    .select({
      clients: sql<number>`count(*) filter (where ${clients.erasedAt} is null)::int`,
      bookings: sql<number>`coalesce(sum(${clients.totalBookings}), 0)::bigint`,
    })
    .from(clients)
    .where(eq(clients.studioId, ctx.studio.id));
  const revenue = can(ctx, "reports.revenue")
    ? await ctx.db
        .select({
          currency: payments.currency,
          cents: sql<number>`sum(${payments.amountCents} - ${payments.refundedCents})::bigint`,
        })
        .from(payments)
        .where(and(eq(payments.studioId, ctx.studio.id), eq(payments.status, "paid")))
        .groupBy(payments.currency)
        .orderBy(payments.currency)
    : null;
  return {
    clients: Number(counts?.clients ?? 0),
    bookings: Number(counts?.bookings ?? 0),
    revenue: revenue?.map((r) => ({ currency: r.currency, cents: Number(r.cents) })) ?? null,
  };
}
