import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import {
  apiKeys,
  bookings,
  classes,
  classSessions,
  membershipPlans,
  memberships,
  payments,
  users,
  type BookingStatus,
  type Payment,
  type PaymentStatus,
} from "@/db/schema";
import { getClient } from "@/lib/clients/get-client";
import { type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";

/** B3: what became of a booking. A booked session that has ended counts as attended. */
export type HistoryStatus = "booked" | "attended" | "cancelled" | "no_show";

/**
 * B3: a booking's status as of `now`: `booked` turns `attended` once its session has ended, or
 * (O6: the same word on every page) as soon as staff mark it present.
 */
export function historyStatus(status: BookingStatus, sessionEndsAt: Date, now: Date, present = false): HistoryStatus {
  if (status === "booked" && (present || sessionEndsAt.getTime() <= now.getTime())) return "attended";
  return status;
}

/** One booking in a client's history, as staff read it on the client's page. */
export type ClientBooking = {
  id: string;
  status: HistoryStatus;
  /** B5: the attendance list's mark. */
  present: boolean;
  createdAt: Date;
  session: { id: string; startsAt: Date; endsAt: Date; cancelled: boolean };
  cls: { id: string; title: string; location: string | null };
  /** B3: who booked (member or staff) and, where known, their name or the API key's name. */
  bookedBy: { type: "member" | "staff"; name: string | null };
  /** B3: who cancelled, when cancelled. */
  cancelled: { by: "member" | "staff" | null; at: Date } | null;
  /** S4: the membership that paid, if any. */
  membership: { id: string; planName: string; sessionTaken: boolean } | null;
  /** A drop-in's payment (the latest, if several), if any. */
  payment: { id: string; status: PaymentStatus; amountCents: number; refundedCents: number; currency: string } | null;
  /** B9: the booking's late-cancel or no-show fees. */
  fees: Pick<
    Payment,
    "id" | "fee" | "status" | "amountCents" | "refundedCents" | "currency" | "createdAt" | "feeWaivedAt"
  >[];
};

/**
 * A client's booking history for staff, oldest session first: class, session,
 * location, status (B3, with "attended" for booked sessions that have ended),
 * who booked and cancelled, and what paid (the membership, S4, or a drop-in
 * payment). Another studio's client is "not found".
 */
export async function listClientBookings(ctx: Ctx, clientId: string): Promise<ClientBooking[]> {
  requirePermission(ctx, "clients.read");
  const client = await getClient(ctx, clientId);
  const studioId = ctx.studio.id;

  const rows = await ctx.db
    .select({
      booking: bookings,
      startsAt: classSessions.startsAt,
      endsAt: classSessions.endsAt,
      sessionCancelledAt: classSessions.cancelledAt,
      classId: classes.id,
      title: classes.title,
      location: classes.location,
      planName: membershipPlans.name,
      bookerName: sql<string | null>`coalesce(${users.name}, ${users.email}, ${apiKeys.name})`,
    })
    .from(bookings)
    .innerJoin(
      classSessions,
      and(eq(classSessions.studioId, bookings.studioId), eq(classSessions.id, bookings.sessionId)),
    )
    .innerJoin(classes, and(eq(classes.studioId, classSessions.studioId), eq(classes.id, classSessions.classId)))
    .leftJoin(memberships, and(eq(memberships.studioId, bookings.studioId), eq(memberships.id, bookings.membershipId)))
    .leftJoin(
      membershipPlans,
      and(eq(membershipPlans.studioId, memberships.studioId), eq(membershipPlans.id, memberships.planId)),
    )
    // Actor ids are stored as text (a user's or an API key's id); compare as text so nothing is cast.
    .leftJoin(users, sql`${users.id}::text = ${bookings.bookedByActorId}`)
    .leftJoin(
      apiKeys,
      and(eq(apiKeys.studioId, bookings.studioId), sql`${apiKeys.id}::text = ${bookings.bookedByActorId}`),
    )
    .where(and(eq(bookings.studioId, studioId), eq(bookings.clientId, client.id)))
    .orderBy(asc(classSessions.startsAt), asc(bookings.createdAt), asc(bookings.id));

  const bookingIds = rows.map((r) => r.booking.id);
  const paid = bookingIds.length
    ? await ctx.db
        .select()
        .from(payments)
        .where(
          and(
            eq(payments.studioId, studioId),
            inArray(
              payments.bookingId,
              ctx.db
                .select({ id: bookings.id })
                .from(bookings)
                .where(and(eq(bookings.studioId, studioId), eq(bookings.clientId, client.id))),
            ),
          ),
        )
        .orderBy(desc(payments.createdAt), desc(payments.id))
    : [];
  const paymentOf = new Map<string, (typeof paid)[number]>();
  const feesOf = new Map<string, (typeof paid)[number][]>();
  for (const p of paid) {
    if (!p.bookingId) continue;
    if (p.fee) feesOf.set(p.bookingId, [...(feesOf.get(p.bookingId) ?? []), p]);
    else if (!paymentOf.has(p.bookingId)) paymentOf.set(p.bookingId, p);
  }

  return rows.map((r) => {
    const b = r.booking;
    const p = paymentOf.get(b.id);
    return {
      id: b.id,
      status: historyStatus(b.status, r.endsAt, ctx.now, b.present),
      present: b.present,
      createdAt: b.createdAt,
      session: { id: b.sessionId, startsAt: r.startsAt, endsAt: r.endsAt, cancelled: r.sessionCancelledAt !== null },
      cls: { id: r.classId, title: r.title, location: r.location },
      bookedBy: { type: b.bookedBy, name: r.bookerName },
      cancelled: b.cancelledAt ? { by: b.cancelledBy, at: b.cancelledAt } : null,
      membership: b.membershipId
        ? { id: b.membershipId, planName: r.planName ?? "Membership", sessionTaken: b.sessionTaken }
        : null,
      payment: p
        ? {
            id: p.id,
            status: p.status,
            amountCents: p.amountCents,
            refundedCents: p.refundedCents,
            currency: p.currency,
          }
        : null,
      fees: (feesOf.get(b.id) ?? []).map((f) => ({
        id: f.id,
        fee: f.fee,
        status: f.status,
        amountCents: f.amountCents,
        refundedCents: f.refundedCents,
        currency: f.currency,
        createdAt: f.createdAt,
        feeWaivedAt: f.feeWaivedAt,
      })),
    };
  });
}
