import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { bookings, classSessions, waitlistEntries } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inRetryingTransaction, requireRole, type Ctx } from "@/lib/core/ctx";
import { RuleError } from "@/lib/core/errors";
import { parseInput } from "@/lib/core/validation";
import { loadSession } from "./book-session";
import { cancelInTransaction } from "./cancel-booking";
import { mailAboutBooking } from "./mails";

export const CancelSessionInput = z.object({ reason: z.string().trim().max(500).optional() });

/**
 * The studio cancels a session: every live booking is cancelled and its pack
 * session returned (S1, whatever B7 or S6 would say for a member's own cancel),
 * the waitlist is closed, and each booked client is mailed, after commit.
 */
export async function cancelSession(ctx: Ctx, sessionId: string, raw: z.input<typeof CancelSessionInput> = {}) {
  requireRole(ctx, "instructor");
  const input = parseInput(CancelSessionInput, raw);
  const outcome = await inRetryingTransaction(ctx, async (tx) => {
    const { session } = await loadSession(tx, sessionId);
    const [locked] = await tx.db
      .update(classSessions)
      .set({ cancelledAt: ctx.now })
      .where(and(eq(classSessions.studioId, ctx.studio.id), eq(classSessions.id, session.id), isNull(classSessions.cancelledAt)))
      .returning();
    if (!locked) throw new RuleError("session_cancelled", "This session is already cancelled.");
    if (locked.startsAt <= ctx.now) throw new RuleError("session_started", "A session that has started cannot be cancelled.");
    const live = await tx.db
      .select({ id: bookings.id })
      .from(bookings)
      .where(and(eq(bookings.studioId, ctx.studio.id), eq(bookings.sessionId, session.id), eq(bookings.status, "booked")));
    const cancelled = [];
    for (const b of live) cancelled.push(await cancelInTransaction(tx, b.id, "staff", { studioCancelled: true }));
    await tx.db
      .update(waitlistEntries)
      .set({ leftAt: ctx.now })
      .where(
        and(
          eq(waitlistEntries.studioId, ctx.studio.id),
          eq(waitlistEntries.sessionId, session.id),
          isNull(waitlistEntries.promotedBookingId),
          isNull(waitlistEntries.leftAt),
        ),
      );
    await audit(tx, { action: "session.cancelled", table: "class_sessions", rowId: session.id, data: { bookings: cancelled.length, reason: input.reason ?? null } });
    return cancelled;
  });
  for (const c of outcome) {
    await mailAboutBooking(ctx, "session_cancelled", {
      sessionId,
      clientId: c.booking.clientId,
      sessionReturned: c.sessionReturned,
      reason: input.reason,
    });
  }
  return { cancelledBookings: outcome.length, sessionsReturned: outcome.filter((c) => c.sessionReturned).length };
}
