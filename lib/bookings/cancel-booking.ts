import { and, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import {
  bookings,
  classes,
  classSessions,
  clients,
  memberships,
  membershipLedger,
  type Booking,
  type Membership,
} from "@/db/schema";
import { actorId, inRetryingTransaction, type Ctx } from "@/lib/core/ctx";
import { statement, statementCtx } from "@/lib/core/statements";
import { toApiBooking } from "./booking-output";
import { emitWebhookEvent, listensTo } from "@/lib/webhooks/internal";
import { can, requireInSession, requireInSomeSession } from "@/lib/core/permissions";
import { instructorOfBooking } from "@/lib/classes/instructors";
import { canActFor } from "@/lib/households/household-access";
import { mailAboutBooking } from "./mails";
import type { BookingMailFacts } from "./session-read";
import { promoteFromWaitlist, type Promotion } from "./waitlist";
import { NotFoundError, RuleError } from "@/lib/core/errors";
import { isUuid, parseInput } from "@/lib/core/validation";
import { loadMembership } from "@/lib/memberships/get-membership";
import { changeSessions } from "@/lib/memberships/ledger";
import { studioSettings } from "@/lib/studios/settings";
import type { FeePolicy } from "@/db/schema";
import { bookingFeePolicy, raiseFee } from "./booking-fees";

export const CancelBookingInput = z.object({ by: z.enum(["member", "staff"]).optional() });

export type CancelResult = {
  booking: Booking;
  sessionReturned: boolean;
  sessionsRemaining: number | null;
  promoted: Promotion[];
};

/**
 * Cancels a booking, frees its place, and gives back the pack session it took
 * (S1), exactly once: the booking row is locked and must still be booked, so a
 * cancel racing another cancel returns one session. Two rules may keep it:
 *  - B7: a member cancelling inside the studio's late-cancel window keeps the
 *    session spent (ledger `late_cancel`, delta 0); staff cancelling override it;
 *  - S6: with "do not restore after a newer pack" on, a booking paid by an older
 *    pack of a plan of which a newer pack was bought returns nothing (ledger
 *    `restore_refused_newer_pass`, delta 0).
 * The client is mailed, and so is whoever the waitlist then books (B4), from
 * inside the transaction (J1).
 */
export async function cancelBooking(
  ctx: Ctx,
  bookingId: string,
  raw: z.input<typeof CancelBookingInput> = {},
): Promise<CancelResult> {
  requireInSomeSession(ctx, "bookings.manage", { orMember: true });
  if (ctx.actor.kind === "staff" && !can(ctx, "bookings.manage"))
    requireInSession(ctx, "bookings.manage", await instructorOfBooking(ctx, bookingId)); // T3
  const input = parseInput(CancelBookingInput, raw);
  const by = ctx.actor.kind === "member" ? "member" : (input.by ?? "staff");

  // Its locks (booking, pack, session, a promoted client's) can meet a session cancel's or another cancel's in the
  // opposite order: a transaction Postgres aborts to break the deadlock wrote nothing (its mails included) and is run again.
  return inRetryingTransaction(ctx, async (tx) => {
    const { facts: _, ...outcome } = await cancelInTransaction(tx, bookingId, by, {
      // The cancelled client's mail, enqueued in this transaction (J1), from the facts read with the booking.
      beforeFreeing: ({ booking, sessionReturned, sessionsRemaining, facts }) =>
        mailAboutBooking(tx, "booking_cancelled", {
          bookingId: booking.id,
          sessionId: booking.sessionId,
          clientId: booking.clientId,
          sessionReturned,
          sessionsRemaining,
          facts,
        }),
    });
    // B4: the freed place goes to the first waiting client who can pay, in the same transaction (mailed there too).
    const promoted = await promoteFromWaitlist(tx, outcome.booking.sessionId);
    return { ...outcome, promoted };
  });
}

/**
 * The booking, locked (a cancel racing a cancel waits here and then finds it cancelled), read with what the rest of
 * the cancel needs (issue 20: round trips less): its session, class and client for the client's mail, and whether a
 * webhook endpoint listens for `booking.cancelled` (X2).
 */
const lockBookingStatement = statement((db, $: { studioId: string; bookingId: string }) =>
  db
    .select({
      booking: bookings,
      session: classSessions,
      cls: classes,
      client: { name: clients.name, email: clients.email },
      listening: listensTo(statementCtx(db), "booking.cancelled"),
    })
    .from(bookings)
    .innerJoin(
      classSessions,
      and(eq(classSessions.studioId, bookings.studioId), eq(classSessions.id, bookings.sessionId)),
    )
    .innerJoin(classes, and(eq(classes.studioId, classSessions.studioId), eq(classes.id, classSessions.classId)))
    .leftJoin(clients, and(eq(clients.studioId, bookings.studioId), eq(clients.id, bookings.clientId)))
    .where(and(eq(bookings.studioId, $.studioId), eq(bookings.id, $.bookingId)))
    .for("update", { of: bookings })
    .prepare("lock_booking"),
);

/** The booking cancelled and its session's place freed, in one statement. */
const cancelBookingStatement = statement(
  (db, $: { studioId: string; bookingId: string; sessionId: string; now: Date; by: "member" | "staff" }) => {
    const freed = db.$with("freed").as(
      db
        .update(classSessions)
        .set({ bookedCount: sql`${classSessions.bookedCount} - 1` })
        .where(and(eq(classSessions.studioId, $.studioId), eq(classSessions.id, $.sessionId)))
        .returning({ id: classSessions.id }),
    );
    return db
      .with(freed)
      .update(bookings)
      .set({ status: "cancelled", cancelledAt: $.now, cancelledBy: $.by })
      .where(and(eq(bookings.studioId, $.studioId), eq(bookings.id, $.bookingId)))
      .returning()
      .prepare("cancel_booking");
  },
);

/** What a cancel did to the pack, with what its mail says (`beforeFreeing`): `booking` as it was before the cancel. */
export type CancelOutcome = {
  booking: Booking;
  sessionReturned: boolean;
  sessionsRemaining: number | null;
  facts: BookingMailFacts;
};

/**
 * The cancel itself, in the caller's transaction. `studioCancelled`: the studio
 * cancelled the whole session, so the session always goes back (no B7, no S6).
 * `beforeFreeing`: the caller's writes that need not wait for the session's row
 * (the client's mail), run before the place is freed.
 */
export async function cancelInTransaction(
  tx: Ctx,
  bookingId: string,
  by: "member" | "staff",
  opts: { studioCancelled?: boolean; beforeFreeing?: (outcome: CancelOutcome) => Promise<void> } = {},
): Promise<Omit<CancelResult, "promoted"> & { facts: BookingMailFacts }> {
  if (!isUuid(bookingId)) throw new NotFoundError("Booking");
  const [found] = await lockBookingStatement(tx.db, { studioId: tx.studio.id, bookingId });
  if (!found) throw new NotFoundError("Booking");
  const current = found.booking;
  const startsAt = found.session.startsAt;
  const facts: BookingMailFacts = { session: found.session, cls: found.cls, client: found.client };
  // H1: a member cancels its own bookings and, as the primary or an additional user, those of the household's participants.
  if (
    tx.actor.kind === "member" &&
    current.clientId !== tx.actor.clientId &&
    !(await canActFor(tx, current.clientId))
  ) {
    throw new NotFoundError("Booking");
  }
  if (current.status !== "booked")
    throw new RuleError("booking_not_active", "This booking is not active (already cancelled or marked no-show).");
  if (startsAt <= tx.now)
    throw new RuleError("session_started", "This session has already started; it can no longer be cancelled.");

  // B9: a late cancel under a fee policy costs the fee (raised once per booking) and gives the session back.
  const { studioCancelled } = opts;
  const latePolicy = await lateCancelPolicy(tx, { booking: current, startsAt, by, studioCancelled });
  if (latePolicy?.kind === "fee") await raiseFee(tx, current, "late_cancel", latePolicy.feeCents!);
  const lateFee = latePolicy?.kind === "fee";
  const returned = await returnSession(tx, current, { startsAt, by, studioCancelled, lateFee });
  await opts.beforeFreeing?.({ booking: current, ...returned, facts });

  // Last (issue 20): freeing the place locks the session's row until the commit, and every booking and cancel of
  // the session waits for that lock, so it is held for this statement and what must follow it (the webhook, the
  // caller's waitlist promotion), not for the pack's and the mail's round trips.
  const [booking] = await cancelBookingStatement(tx.db, {
    studioId: tx.studio.id,
    bookingId,
    sessionId: current.sessionId,
    now: tx.now,
    by,
  });
  await emitWebhookEvent(tx, "booking.cancelled", toApiBooking(booking!), { listening: found.listening }); // X2, in this transaction
  return { booking: booking!, ...returned, facts };
}

/** S1, B7, S6: the pack session a cancelled booking took goes back, unless B7 or S6 keeps it (a ledger row says why). */
async function returnSession(
  tx: Ctx,
  current: Booking,
  p: { startsAt: Date; by: "member" | "staff"; studioCancelled?: boolean; lateFee: boolean },
): Promise<{ sessionReturned: boolean; sessionsRemaining: number | null }> {
  if (!current.sessionTaken || !current.membershipId) return { sessionReturned: false, sessionsRemaining: null };
  const { pack, late, newerPack } = await sessionKept(tx, {
    booking: current,
    startsAt: p.startsAt,
    by: p.by,
    studioCancelled: p.studioCancelled ?? false,
    lock: true,
    lateFee: p.lateFee,
  });

  if (pack && (late || newerPack)) {
    await tx.db.insert(membershipLedger).values({
      studioId: tx.studio.id,
      membershipId: pack.id,
      delta: 0,
      balanceAfter: pack.sessionsRemaining ?? 0,
      reason: late ? "late_cancel" : "restore_refused_newer_pass",
      actorType: tx.actor.kind,
      actorId: actorId(tx.actor),
      bookingId: current.id,
      at: tx.now,
    });
    return { sessionReturned: false, sessionsRemaining: pack.sessionsRemaining };
  }
  const after = await changeSessions(tx, {
    membershipId: current.membershipId,
    delta: 1,
    reason: p.by === "member" ? "cancelled_by_member" : "cancelled_by_staff",
    bookingId: current.id,
  });
  return { sessionReturned: true, sessionsRemaining: after };
}

/** B7: a member's cancel inside the studio's late-cancel window (never a studio-cancelled session, never staff). */
function isLateCancel(tx: Ctx, p: { startsAt: Date; by: "member" | "staff"; studioCancelled?: boolean }): boolean {
  const lateWindowMs = studioSettings(tx.studio).lateCancelHours * 3600_000;
  return (
    !p.studioCancelled &&
    p.by === "member" &&
    lateWindowMs > 0 &&
    p.startsAt.getTime() - tx.now.getTime() < lateWindowMs
  );
}

/** B9: the policy a late cancel falls under (the plan's or the studio's), or null when the cancel is not late. */
async function lateCancelPolicy(
  tx: Ctx,
  p: { booking: Booking; startsAt: Date; by: "member" | "staff"; studioCancelled?: boolean },
): Promise<FeePolicy | null> {
  return isLateCancel(tx, p) ? bookingFeePolicy(tx, p.booking, "late_cancel") : null;
}

/**
 * B7, S6: whether cancelling a pack-paid booking now would keep its session, and why. The one place both rules are
 * read: cancelInTransaction (the pack locked) and cancelPreview (read-only) ask here. The pack is read only when B7
 * or S6 may keep its session.
 */
async function sessionKept(
  tx: Ctx,
  p: {
    booking: Booking;
    startsAt: Date;
    by: "member" | "staff";
    studioCancelled: boolean;
    lock: boolean;
    /** B9: the late cancel costs a fee instead, so the session is not forfeited. */
    lateFee: boolean;
  },
): Promise<{ pack: Membership | null; late: boolean; newerPack: boolean }> {
  if (!p.booking.sessionTaken || !p.booking.membershipId) return { pack: null, late: false, newerPack: false };
  const settings = studioSettings(tx.studio);
  const late = !p.lateFee && isLateCancel(tx, p);
  const pack =
    late || (!p.studioCancelled && settings.noRestoreAfterNewPass)
      ? await loadMembership(tx, p.booking.membershipId, { forUpdate: p.lock })
      : null;
  const newerPack =
    pack !== null &&
    !p.studioCancelled &&
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
  return { pack, late, newerPack };
}

/** What cancelling a booking now would do (O4): read-only, for the confirmation the member sees first. */
export type CancelPreview = {
  /** A pack session was taken for it (S1). */
  sessionTaken: boolean;
  /** That session would come back to the pack. */
  sessionReturned: boolean;
  /** Why it would not: inside the late-cancel window (B7), or a newer pack was bought (S6). */
  keptBecause: "late_cancel" | "newer_pack" | null;
  /** A drop-in (no membership paid it). */
  dropIn: boolean;
  lateCancelHours: number;
  /** B9: cancelling now costs this fee (in the studio's currency); null = no fee. */
  lateFeeCents: number | null;
};

/**
 * O4, B7, S6: "what happens if I cancel this?", answered before the member
 * confirms, by the same rule cancelBooking applies (sessionKept). Writes and
 * locks nothing; refuses as cancelBooking would (not found, booking_not_active,
 * session_started).
 */
export async function cancelPreview(ctx: Ctx, bookingId: string): Promise<CancelPreview> {
  requireInSomeSession(ctx, "bookings.manage", { orMember: true });
  if (!isUuid(bookingId)) throw new NotFoundError("Booking");
  const [found] = await ctx.db
    .select({ booking: bookings, startsAt: classSessions.startsAt })
    .from(bookings)
    .innerJoin(
      classSessions,
      and(eq(classSessions.studioId, bookings.studioId), eq(classSessions.id, bookings.sessionId)),
    )
    .where(and(eq(bookings.studioId, ctx.studio.id), eq(bookings.id, bookingId)));
  if (!found) throw new NotFoundError("Booking");
  const b = found.booking;
  if (ctx.actor.kind === "member" && b.clientId !== ctx.actor.clientId && !(await canActFor(ctx, b.clientId)))
    throw new NotFoundError("Booking");
  if (ctx.actor.kind === "staff" && !can(ctx, "bookings.manage"))
    requireInSession(ctx, "bookings.manage", await instructorOfBooking(ctx, bookingId)); // T3
  if (b.status !== "booked")
    throw new RuleError("booking_not_active", "This booking is not active (already cancelled or marked no-show).");
  if (found.startsAt <= ctx.now)
    throw new RuleError("session_started", "This session has already started; it can no longer be cancelled.");
  const by = ctx.actor.kind === "member" ? "member" : "staff";
  const policy = await lateCancelPolicy(ctx, { booking: b, startsAt: found.startsAt, by });
  const { late, newerPack } = await sessionKept(ctx, {
    booking: b,
    startsAt: found.startsAt,
    by,
    studioCancelled: false,
    lock: false,
    lateFee: policy?.kind === "fee",
  });
  return {
    sessionTaken: b.sessionTaken,
    sessionReturned: b.sessionTaken && !late && !newerPack,
    keptBecause: late ? "late_cancel" : newerPack ? "newer_pack" : null,
    dropIn: b.membershipId === null,
    lateCancelHours: studioSettings(ctx.studio).lateCancelHours,
    lateFeeCents: policy?.kind === "fee" ? policy.feeCents! : null,
  };
}
