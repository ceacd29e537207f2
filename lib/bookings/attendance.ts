import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { bookings, clients, payments, type Booking } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { can, requireInSession, requireInSomeSession, requirePermission } from "@/lib/core/permissions";
import { effectiveInstructor, instructorOfBooking } from "@/lib/classes/instructors";
import { NotFoundError, RuleError } from "@/lib/core/errors";
import { isUuid, parseInput } from "@/lib/core/validation";
import { loadMembership } from "@/lib/memberships/get-membership";
import { applyFeeWaiver } from "@/lib/payments/internal";
import { changeSessions } from "@/lib/memberships/ledger";
import { grantsRights } from "@/lib/memberships/effective-status";
import { loadSession } from "./book-session";
import { bookingFeePolicy, raiseFee } from "./booking-fees";

/** One booking of this studio (optionally locked for the rest of the transaction), or "not found". */
export async function loadBooking(ctx: Ctx, id: string, forUpdate = false): Promise<Booking> {
  if (!isUuid(id)) throw new NotFoundError("Booking");
  const q = ctx.db
    .select()
    .from(bookings)
    .where(and(eq(bookings.studioId, ctx.studio.id), eq(bookings.id, id)));
  const [b] = forUpdate ? await q.for("update") : await q;
  if (!b) throw new NotFoundError("Booking");
  return b;
}

/**
 * B5: a session's attendance list: its bookings with the client's name, by name,
 * cancelled ones last. O6: marking present or no-show does not move a row (the
 * order does not depend on either), so the next row's buttons stay under the cursor.
 */
export async function getAttendance(ctx: Ctx, sessionId: string) {
  requireInSomeSession(ctx, "attendance.mark");
  const { session, cls } = await loadSession(ctx, sessionId);
  requireInSession(ctx, "attendance.mark", effectiveInstructor(session, cls)); // T3
  const rows = await ctx.db
    .select({ booking: bookings, clientName: clients.name, clientEmail: clients.email })
    .from(bookings)
    .innerJoin(clients, and(eq(clients.studioId, bookings.studioId), eq(clients.id, bookings.clientId)))
    .where(and(eq(bookings.studioId, ctx.studio.id), eq(bookings.sessionId, session.id)))
    .orderBy(sql`${bookings.status} = 'cancelled'`, asc(clients.name), asc(bookings.createdAt), asc(bookings.id));
  return rows;
}

export const MarkAttendanceInput = z
  .object({
    present: z.boolean().optional(),
    /** B3: "no_show"; O6: "booked" undoes a no-show. */
    status: z.enum(["no_show", "booked"], { error: "Use no_show, or booked to undo a no-show." }).optional(),
  })
  .strict()
  .refine((v) => v.present !== undefined || v.status !== undefined, { error: "Send present or status." });

/**
 * B5: the "present" toggle only marks the row; nothing else changes (no count,
 * no ledger). B3: staff may mark a booking a no-show, which keeps its place and its session spent.
 * O6: both can be undone: present off, or status "booked" again. A no-show is not present, so
 * marking one clears the mark, and marking present undoes a no-show. Undoing a no-show waives its fee (B9).
 */
export async function markAttendance(
  ctx: Ctx,
  bookingId: string,
  raw: z.input<typeof MarkAttendanceInput>,
): Promise<Booking> {
  requireInSomeSession(ctx, "attendance.mark");
  const input = parseInput(MarkAttendanceInput, raw);
  return inTransaction(ctx, async (tx) => {
    const b = await loadBooking(tx, bookingId, true);
    if (!can(ctx, "attendance.mark"))
      requireInSession(ctx, "attendance.mark", await instructorOfBooking(tx, bookingId)); // T3: own sessions only
    if (b.status === "cancelled") throw new RuleError("booking_not_active", "A cancelled booking cannot be marked.");
    const [row] = await tx.db
      .update(bookings)
      .set({
        ...(input.present !== undefined && { present: input.present }),
        ...(input.status && { status: input.status }),
        // O6: a no-show is not present; present means the person came.
        ...(input.status === "no_show" && input.present === undefined && { present: false }),
        ...(input.present === true &&
          input.status === undefined &&
          b.status === "no_show" && { status: "booked" as const }),
      })
      .where(and(eq(bookings.studioId, ctx.studio.id), eq(bookings.id, bookingId)))
      .returning();
    // B9: a no-show under a fee policy costs the fee, raised once per booking however often it is marked.
    if (row!.status === "no_show" && b.status !== "no_show") {
      const policy = await bookingFeePolicy(tx, b, "no_show");
      if (policy.kind === "fee") await raiseFee(tx, b, "no_show", policy.feeCents!);
    }
    // B9, O6: undoing a no-show undoes its fee: a fee for a no-show that did not happen is waived (voided if due,
    // refunded if paid). The fee is raised once per booking, so marking the no-show again raises none.
    if (b.status === "no_show" && row!.status !== "no_show") {
      const [fee] = await tx.db
        .select()
        .from(payments)
        .where(and(eq(payments.studioId, ctx.studio.id), eq(payments.bookingId, b.id), eq(payments.fee, "no_show")))
        .for("update");
      if (fee && !fee.feeWaivedAt) await applyFeeWaiver(tx, fee, "no_show_undone");
    }
    return row!;
  });
}

export const AttachBookingInput = z.object({ membershipId: z.uuid(), takeSession: z.boolean() });

/**
 * S7: a booking made as a guest (no membership) is attached to a membership
 * afterwards; staff choose whether that takes a session from a pack (ledger
 * `converted_guest_booking`).
 */
export async function attachBooking(
  ctx: Ctx,
  bookingId: string,
  raw: z.input<typeof AttachBookingInput>,
): Promise<{ booking: Booking; sessionsRemaining: number | null }> {
  requirePermission(ctx, "memberships.sell");
  const input = parseInput(AttachBookingInput, raw);
  return inTransaction(ctx, async (tx) => {
    const b = await loadBooking(tx, bookingId, true);
    if (b.membershipId) throw new RuleError("already_attached", "This booking is already paid by a membership.");
    if (b.status === "cancelled") throw new RuleError("booking_not_active", "A cancelled booking cannot be attached.");
    const m = await loadMembership(tx, input.membershipId, { forUpdate: true });
    if (m.clientId !== b.clientId)
      throw new RuleError("membership_not_active", "That membership belongs to someone else.");
    if (!grantsRights(m, ctx.now) && m.status !== "active")
      throw new RuleError("membership_not_active", "That membership is not active.");
    let remaining = m.sessionsRemaining;
    const take = input.takeSession && m.sessionsRemaining !== null;
    if (take) {
      remaining = await changeSessions(tx, {
        membershipId: m.id,
        delta: -1,
        reason: "converted_guest_booking",
        bookingId,
      });
      if (remaining === null) throw new RuleError("no_sessions_left", "There are no sessions left on that pack.");
    }
    const [row] = await tx.db
      .update(bookings)
      .set({ membershipId: m.id, sessionTaken: take })
      .where(and(eq(bookings.studioId, ctx.studio.id), eq(bookings.id, bookingId)))
      .returning();
    await audit(tx, {
      action: "booking.attached",
      table: "bookings",
      rowId: bookingId,
      data: { membershipId: m.id, takeSession: take },
    });
    return { booking: row!, sessionsRemaining: remaining };
  });
}
