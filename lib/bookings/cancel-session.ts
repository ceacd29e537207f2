import { and, asc, eq, gt, gte, isNull } from "drizzle-orm";
import { z } from "zod";
import { bookings, classSessions, waitlistEntries, type ClassSession } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inRetryingTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { RuleError } from "@/lib/core/errors";
import { zonedDayStart } from "@/lib/core/time";
import { parseInput } from "@/lib/core/validation";
import { StudioDay, type SessionView } from "@/lib/classes/class-input";
import { getClass } from "@/lib/classes/classes";
import { getSession } from "@/lib/classes/sessions";
import { cancelInTransaction } from "./cancel-booking";
import { mailAboutBooking } from "./mails";
import { loadSession } from "./session-read";

export const CancelSessionInput = z.object({ reason: z.string().trim().max(500).optional() });

/** What cancelling one session did (API.md "Classes and sessions": `{session, bookingsCancelled, sessionsReturned}`). */
export type CancelSessionResult = { session: SessionView; bookingsCancelled: number; sessionsReturned: number };

/**
 * The body of a studio cancel, inside the caller's transaction: the session is
 * marked cancelled by check-and-change (a second cancel is refused), every live
 * booking is cancelled with its pack session returned (S1), each booked client
 * is mailed (J1) and the waitlist is closed.
 */
async function cancelOne(
  tx: Ctx,
  session: ClassSession,
  reason: string | undefined,
): Promise<{ bookingsCancelled: number; sessionsReturned: number }> {
  const [locked] = await tx.db
    .update(classSessions)
    .set({ cancelledAt: tx.now })
    .where(
      and(
        eq(classSessions.studioId, tx.studio.id),
        eq(classSessions.id, session.id),
        isNull(classSessions.cancelledAt),
      ),
    )
    .returning();
  if (!locked) throw new RuleError("session_cancelled", "This session is already cancelled.");
  if (locked.startsAt <= tx.now)
    throw new RuleError("session_started", "A session that has started cannot be cancelled.");
  const live = await tx.db
    .select({ id: bookings.id })
    .from(bookings)
    .where(and(eq(bookings.studioId, tx.studio.id), eq(bookings.sessionId, session.id), eq(bookings.status, "booked")))
    .orderBy(asc(bookings.id));
  let returned = 0;
  for (const b of live) {
    const c = await cancelInTransaction(tx, b.id, "staff", { studioCancelled: true });
    await mailAboutBooking(tx, "session_cancelled", {
      bookingId: c.booking.id,
      sessionId: session.id,
      clientId: c.booking.clientId,
      sessionReturned: c.sessionReturned,
      reason,
    });
    if (c.sessionReturned) returned++;
  }
  await tx.db
    .update(waitlistEntries)
    .set({ leftAt: tx.now })
    .where(
      and(
        eq(waitlistEntries.studioId, tx.studio.id),
        eq(waitlistEntries.sessionId, session.id),
        isNull(waitlistEntries.promotedBookingId),
        isNull(waitlistEntries.leftAt),
      ),
    );
  await audit(tx, {
    action: "session.cancelled",
    table: "class_sessions",
    rowId: session.id,
    data: { bookings: live.length, reason: reason ?? null },
  });
  return { bookingsCancelled: live.length, sessionsReturned: returned };
}

/**
 * O1: the studio cancels a session: every live booking is cancelled and its
 * pack session returned (S1, whatever B7 or S6 would say for a member's own
 * cancel), the waitlist is closed, and each booked client is mailed (enqueued
 * in the same transaction, J1).
 */
export async function cancelSession(
  ctx: Ctx,
  sessionId: string,
  raw: z.input<typeof CancelSessionInput> = {},
): Promise<CancelSessionResult> {
  requirePermission(ctx, "schedule.manage");
  const input = parseInput(CancelSessionInput, raw);
  return inRetryingTransaction(ctx, async (tx) => {
    const { session } = await loadSession(tx, sessionId);
    const counts = await cancelOne(tx, session, input.reason);
    return { session: await getSession(tx, session.id), ...counts };
  });
}

export const CancelSeriesInput = z
  .object({
    /** The first studio day whose sessions are cancelled; sessions that have started are left alone. */
    from: StudioDay,
    reason: z.string().trim().max(500).optional(),
  })
  .strict();
export type CancelSeriesInput = z.input<typeof CancelSeriesInput>;

/** Most sessions one series cancel touches (a year of daily classes, B6's cap, twice over). */
export const MAX_SERIES_CANCEL = 732;

/**
 * O1: cancels a class's sessions from a studio day on (in the studio's zone),
 * each as `cancelSession` does (S1: booked clients get their sessions back and
 * a mail). Sessions already cancelled or started are skipped. Returns the
 * sessions cancelled, by start; all or nothing.
 */
export async function cancelSeries(ctx: Ctx, classId: string, raw: CancelSeriesInput): Promise<SessionView[]> {
  requirePermission(ctx, "schedule.manage");
  const input = parseInput(CancelSeriesInput, raw);
  return inRetryingTransaction(ctx, async (tx) => {
    const cls = await getClass(tx, classId);
    const dayStart = zonedDayStart(input.from, ctx.studio.timezone)!;
    const due = await tx.db
      .select()
      .from(classSessions)
      .where(
        and(
          eq(classSessions.studioId, ctx.studio.id),
          eq(classSessions.classId, cls.id),
          isNull(classSessions.cancelledAt),
          gte(classSessions.startsAt, dayStart),
          gt(classSessions.startsAt, ctx.now),
        ),
      )
      .orderBy(asc(classSessions.startsAt))
      .limit(MAX_SERIES_CANCEL + 1)
      .for("update");
    if (due.length > MAX_SERIES_CANCEL)
      throw new RuleError("too_many_sessions", `Cancel at most ${MAX_SERIES_CANCEL} sessions at a time.`);
    const out: SessionView[] = [];
    for (const s of due) {
      await cancelOne(tx, s, input.reason);
      out.push(await getSession(tx, s.id));
    }
    await audit(tx, {
      action: "series.cancelled",
      table: "classes",
      rowId: cls.id,
      data: { from: input.from, sessions: due.length },
    });
    return out;
  });
}
