import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { bookings, clients, type Booking } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, requireRole, type Ctx } from "@/lib/core/ctx";
import { NotFoundError, RuleError } from "@/lib/core/errors";
import { isUuid, parseInput } from "@/lib/core/validation";
import { loadMembership } from "@/lib/memberships/get-membership";
import { changeSessions } from "@/lib/memberships/ledger";
import { grantsRights } from "@/lib/memberships/effective-status";
import { loadSession } from "./book-session";

/** One booking of this studio (optionally locked for the rest of the transaction), or "not found". */
export async function loadBooking(ctx: Ctx, id: string, forUpdate = false): Promise<Booking> {
  if (!isUuid(id)) throw new NotFoundError("Booking");
  const q = ctx.db.select().from(bookings).where(and(eq(bookings.studioId, ctx.studio.id), eq(bookings.id, id)));
  const [b] = forUpdate ? await q.for("update") : await q;
  if (!b) throw new NotFoundError("Booking");
  return b;
}

/** B5: a session's attendance list: its bookings (cancelled ones last) with the client's name. */
export async function getAttendance(ctx: Ctx, sessionId: string) {
  requireRole(ctx, "instructor");
  const { session } = await loadSession(ctx, sessionId);
  const rows = await ctx.db
    .select({ booking: bookings, clientName: clients.name, clientEmail: clients.email })
    .from(bookings)
    .innerJoin(clients, and(eq(clients.studioId, bookings.studioId), eq(clients.id, bookings.clientId)))
    .where(and(eq(bookings.studioId, ctx.studio.id), eq(bookings.sessionId, session.id)))
    .orderBy(asc(bookings.status), asc(clients.name));
  return rows;
}

export const MarkAttendanceInput = z
  .object({ present: z.boolean().optional(), status: z.literal("no_show").optional() })
  .strict()
  .refine((v) => v.present !== undefined || v.status !== undefined, { error: "Send present or status." });

/**
 * B5: the "present" toggle only marks the row; nothing else changes (no count,
 * no ledger). B3: staff may mark a booking a no-show, which keeps its place and its session spent.
 */
export async function markAttendance(ctx: Ctx, bookingId: string, raw: z.input<typeof MarkAttendanceInput>): Promise<Booking> {
  requireRole(ctx, "instructor");
  const input = parseInput(MarkAttendanceInput, raw);
  return inTransaction(ctx, async (tx) => {
    const b = await loadBooking(tx, bookingId, true);
    if (b.status === "cancelled") throw new RuleError("booking_not_active", "A cancelled booking cannot be marked.");
    const [row] = await tx.db
      .update(bookings)
      .set({ ...(input.present !== undefined && { present: input.present }), ...(input.status && { status: input.status }) })
      .where(and(eq(bookings.studioId, ctx.studio.id), eq(bookings.id, bookingId)))
      .returning();
    return row!;
  });
}

export const AttachBookingInput = z.object({ membershipId: z.uuid(), takeSession: z.boolean() });

/**
 * S7: a booking made as a guest (no membership) is attached to a membership
 * afterwards; staff choose whether that takes a session from a pack (ledger
 * `converted_guest_booking`).
 */
export async function attachBooking(ctx: Ctx, bookingId: string, raw: z.input<typeof AttachBookingInput>): Promise<{ booking: Booking; sessionsRemaining: number | null }> {
  requireRole(ctx, "instructor");
  const input = parseInput(AttachBookingInput, raw);
  return inTransaction(ctx, async (tx) => {
    const b = await loadBooking(tx, bookingId, true);
    if (b.membershipId) throw new RuleError("already_attached", "This booking is already paid by a membership.");
    if (b.status === "cancelled") throw new RuleError("booking_not_active", "A cancelled booking cannot be attached.");
    const m = await loadMembership(tx, input.membershipId, { forUpdate: true });
    if (m.clientId !== b.clientId) throw new RuleError("membership_not_active", "That membership belongs to someone else.");
    if (!grantsRights(m, ctx.now) && m.status !== "active") throw new RuleError("membership_not_active", "That membership is not active.");
    let remaining = m.sessionsRemaining;
    const take = input.takeSession && m.sessionsRemaining !== null;
    if (take) {
      remaining = await changeSessions(tx, { membershipId: m.id, delta: -1, reason: "converted_guest_booking", bookingId });
      if (remaining === null) throw new RuleError("no_sessions_left", "There are no sessions left on that pack.");
    }
    const [row] = await tx.db
      .update(bookings)
      .set({ membershipId: m.id, sessionTaken: take })
      .where(and(eq(bookings.studioId, ctx.studio.id), eq(bookings.id, bookingId)))
      .returning();
    await audit(tx, { action: "booking.attached", table: "bookings", rowId: bookingId, data: { membershipId: m.id, takeSession: take } });
    return { booking: row!, sessionsRemaining: remaining };
  });
}
