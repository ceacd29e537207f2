import { type Ctx } from "@/lib/core/ctx";
import { requireInSession, requireInSomeSession } from "@/lib/core/permissions";
import { effectiveInstructor } from "@/lib/classes/instructors";
import { parseInput } from "@/lib/core/validation";
import { bookSessionInputFor, type BookSessionInput, namedClientId, type BookSessionOptions } from "./book-session";
import { refuseOutsideWindow, windowBinds } from "./book-session/booking-window";
import { choosePayer, guestChoice } from "./book-session/choose-payer";
import { loadTarget, refuseClosedSession } from "./book-session/load-target";
import { classFull } from "./book-session/reserve-place";
import { refuseIfBooked, resolveClient } from "./book-session/resolve-client";
import { noSessionsLeft } from "./book-session/take-payment";

/** What a booking would be, if made now. */
export type BookingPreview = {
  /** The client it would be for; null: staff booking by an email that has no client yet (C1 would create one). */
  clientId: string | null;
  /** The membership that would pay, or null for a drop-in. */
  membershipId: string | null;
  /** Whether it would take a session from a pack (S1). */
  sessionTaken: boolean;
  /** For a drop-in, its price (0: free); null when a membership pays. */
  priceCents: number | null;
  currency: string;
  /** P0: a member's own priced drop-in while the studio takes cards: paid through checkout before it is booked. */
  payNow: boolean;
};

/**
 * "Would this booking be allowed, who pays, and what does it cost?" (STYLE
 * December 2026 #4): the same steps as bookSession, read-only. It writes
 * nothing, creates no client, takes no lock (not the session's row, not a
 * limited membership's), and rejects with the refusal bookSession would give
 * now (session_cancelled, already_booked, booking_not_open, booking_closed, class_full, membership_required,
 * no_sessions_left, booking_limit_reached, …) — except `payment_required`,
 * which it answers as `payNow`. A preview: a booking made a moment later may
 * still meet a full class.
 */
export async function canBook(
  ctx: Ctx,
  raw: BookSessionInput,
  opts: BookSessionOptions & {
    /**
     * O4, B4: "what would a promotion from the waitlist cost?": the payer as if a place were free (no class_full).
     * A promotion never goes through checkout, so a drop-in is a payment due (payNow false).
     */
    whenPlaceFrees?: boolean;
  } = {},
): Promise<BookingPreview> {
  requireInSomeSession(ctx, "bookings.manage", { orMember: true });
  const input = parseInput(bookSessionInputFor(ctx), raw);
  const target = await loadTarget(ctx, input.sessionId, namedClientId(ctx, input), !opts.guest);
  const { session, cls } = target;
  if (ctx.actor.kind === "staff") requireInSession(ctx, "bookings.manage", effectiveInstructor(session, cls)); // T3
  refuseClosedSession(session, ctx.now);
  const client = await resolveClient(ctx, input, target, { create: false });
  if (client) await refuseIfBooked(ctx, target, client.id);
  const by = ctx.actor.kind === "member" ? "member" : (input.by ?? "staff");
  const held = windowBinds(ctx, by) // B8
    ? await refuseOutsideWindow(ctx, {
        session,
        cls,
        clientId: client?.id ?? null,
        held: opts.guest ? [] : target.held,
      })
    : target.held;
  const choice = opts.guest
    ? guestChoice(cls)
    : await choosePayer(ctx, {
        clientId: client?.id ?? null,
        session,
        cls,
        explicit: input.membershipId,
        held,
        lock: false,
      });
  if (!opts.whenPlaceFrees && session.bookedCount >= session.capacity) throw classFull();

  const preview = { clientId: client?.id ?? null, currency: ctx.studio.currency };
  switch (choice.kind) {
    case "refused":
      throw choice.error;
    case "membership":
      return { ...preview, membershipId: choice.membershipId, sessionTaken: false, priceCents: null, payNow: false };
    case "drop_in":
      return {
        ...preview,
        membershipId: null,
        sessionTaken: false,
        priceCents: choice.priceCents,
        payNow: choice.payNow && !opts.whenPlaceFrees,
      };
    case "packs": {
      const pack = choice.packs.find((p) => (p.sessionsRemaining ?? 0) > 0);
      if (!pack) throw noSessionsLeft();
      return { ...preview, membershipId: pack.membershipId, sessionTaken: true, priceCents: null, payNow: false };
    }
  }
}
