import { and, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import { bookings, classSessions, memberships, membershipLedger, type Booking } from "@/db/schema";
import { actorId, inRetryingTransaction, requireRole, type Ctx } from "@/lib/core/ctx";
import { canActFor } from "@/lib/households/household-access";
import { mailAboutBooking } from "./mails";
import { mailPromotions, promoteFromWaitlist, type Promotion } from "./waitlist";
import { NotFoundError, RuleError } from "@/lib/core/errors";
import { isUuid, parseInput } from "@/lib/core/validation";
import { loadMembership } from "@/lib/memberships/get-membership";
import { changeSessions } from "@/lib/memberships/ledger";
import { studioSettings } from "@/lib/studios/settings";

export const CancelBookingInput = z.object({ by: z.enum(["member", "staff"]).optional() });

export type CancelResult = { booking: Booking; sessionReturned: boolean; sessionsRemaining: number | null; promoted: Promotion[] };

/**
 * Cancels a booking, frees its place, and gives back the pack session it took
 * (S1), exactly once: the booking row is locked and must still be booked, so a
 * cancel racing another cancel returns one session. Two rules may keep it:
 *  - B7: a member cancelling inside the studio's late-cancel window keeps the
 *    session spent (ledger `late_cancel`, delta 0); staff cancelling override it;
 *  - S6: with "do not restore after a newer pack" on, a booking paid by an older
 *    pack of a plan of which a newer pack was bought returns nothing (ledger
 *    `restore_refused_newer_pass`, delta 0).
 */
export async function cancelBooking(ctx: Ctx, bookingId: string, raw: z.input<typeof CancelBookingInput> = {}): Promise<CancelResult> {
  requireRole(ctx, "instructor", "member");
  const input = parseInput(CancelBookingInput, raw);
  const by = ctx.actor.kind === "member" ? "member" : (input.by ?? "staff");

  // Its locks (booking, session, pack, a promoted client's) can meet a session cancel's or another cancel's in the
  // opposite order: a transaction Postgres aborts to break the deadlock wrote nothing and is run again.
  const result = await inRetryingTransaction(ctx, async (tx) => {
    const outcome = await cancelInTransaction(tx, bookingId, by);
    // B4: the freed place goes to the first waiting client who can pay, in the same transaction.
    const promoted = await promoteFromWaitlist(tx, outcome.booking.sessionId);
    return { ...outcome, promoted };
  });
  await mailAboutBooking(ctx, "booking_cancelled", {
    sessionId: result.booking.sessionId,
    clientId: result.booking.clientId,
    sessionReturned: result.sessionReturned,
    sessionsRemaining: result.sessionsRemaining,
  });
  await mailPromotions(ctx, result.booking.sessionId, result.promoted);
  return result;
}

/**
 * The cancel itself, in the caller's transaction. `studioCancelled`: the studio
 * cancelled the whole session, so the session always goes back (no B7, no S6).
 */
export async function cancelInTransaction(
  tx: Ctx,
  bookingId: string,
  by: "member" | "staff",
  opts: { studioCancelled?: boolean } = {},
): Promise<Omit<CancelResult, "promoted">> {
  // The booking, locked (a cancel racing a cancel waits here and then finds it cancelled), with its session's start.
  if (!isUuid(bookingId)) throw new NotFoundError("Booking");
  const [found] = await tx.db
    .select({ booking: bookings, startsAt: classSessions.startsAt })
    .from(bookings)
    .innerJoin(classSessions, and(eq(classSessions.studioId, bookings.studioId), eq(classSessions.id, bookings.sessionId)))
    .where(and(eq(bookings.studioId, tx.studio.id), eq(bookings.id, bookingId)))
    .for("update", { of: bookings })
    .prepare("lock_booking")
    .execute();
  if (!found) throw new NotFoundError("Booking");
  const current = found.booking;
  // H1: a member cancels its own bookings and, as the primary or an additional user, those of the household's participants.
  if (tx.actor.kind === "member" && current.clientId !== tx.actor.clientId && !(await canActFor(tx, current.clientId))) {
    throw new NotFoundError("Booking");
  }
  if (current.status !== "booked") throw new RuleError("booking_not_active", "This booking is not active (already cancelled or marked no-show).");
  if (found.startsAt <= tx.now) throw new RuleError("session_started", "This session has already started; it can no longer be cancelled.");

  // The booking cancelled and its place freed in one statement.
  const freed = tx.db.$with("freed").as(
    tx.db
      .update(classSessions)
      .set({ bookedCount: sql`${classSessions.bookedCount} - 1` })
      .where(and(eq(classSessions.studioId, tx.studio.id), eq(classSessions.id, current.sessionId)))
      .returning({ id: classSessions.id }),
  );
  const [booking] = await tx.db
    .with(freed)
    .update(bookings)
    .set({ status: "cancelled", cancelledAt: tx.now, cancelledBy: by })
    .where(and(eq(bookings.studioId, tx.studio.id), eq(bookings.id, bookingId)))
    .returning()
    .prepare("cancel_booking")
    .execute();

  if (!current.sessionTaken || !current.membershipId) {
    return { booking: booking!, sessionReturned: false, sessionsRemaining: null };
  }
  const settings = studioSettings(tx.studio);

  const lateWindowMs = settings.lateCancelHours * 3600_000;
  const late = !opts.studioCancelled && by === "member" && lateWindowMs > 0 && found.startsAt.getTime() - tx.now.getTime() < lateWindowMs;
  // The pack is read (and locked) only when B7 or S6 may keep its session; otherwise the guarded change below does it all.
  const pack = late || (!opts.studioCancelled && settings.noRestoreAfterNewPass) ? await loadMembership(tx, current.membershipId, { forUpdate: true }) : null;
  const newerPack =
    pack !== null &&
    !opts.studioCancelled &&
    settings.noRestoreAfterNewPass &&
    pack.clientId !== null &&
    (
      await tx.db
        .select({ id: memberships.id })
        .from(memberships)
        .where(
          and(
            eq(memberships.studioId, tx.studio.id),
            eq(memberships.clientId, pack.clientId),
            eq(memberships.planId, pack.planId),
            gt(memberships.createdAt, pack.createdAt),
          ),
        )
        .limit(1)
    ).length > 0;

  if (pack && (late || newerPack)) {
    await tx.db.insert(membershipLedger).values({
      studioId: tx.studio.id,
      membershipId: pack.id,
      delta: 0,
      balanceAfter: pack.sessionsRemaining ?? 0,
      reason: late ? "late_cancel" : "restore_refused_newer_pass",
      actorType: tx.actor.kind,
      actorId: actorId(tx.actor),
      bookingId,
      at: tx.now,
    });
    return { booking: booking!, sessionReturned: false, sessionsRemaining: pack.sessionsRemaining };
  }
  const after = await changeSessions(tx, {
    membershipId: current.membershipId,
    delta: 1,
    reason: by === "member" ? "cancelled_by_member" : "cancelled_by_staff",
    bookingId,
  });
  return { booking: booking!, sessionReturned: true, sessionsRemaining: after };
}
