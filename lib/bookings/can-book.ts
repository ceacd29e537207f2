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
import { listPayingMemberships } from "@/lib/households/household-access";

/** What a booking would be, if made now. */
export type BookingPreview = {
  /** The client it would be for; null: staff booking by an email that has no client yet (C1 would create one). */
  clientId: string | null;
  /** The membership that would pay, or null for a drop-in. */
  membershipId: string | null;
  /** The name of its plan (the member's own, or, H1, the household primary's). */
  planName: string | null;
  /** When a pack pays: the sessions left on it after this booking (S1). */
  sessionsLeft: number | null;
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
    /**
     * O4, H1: the previews of the bookings the same request makes first (a household booking several people):
     * the pack sessions they take, the limited memberships' bookings they count and the places they fill.
     */
    before?: BookingPreview[];
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
  const window = windowBinds(ctx, by) // B8
    ? await refuseOutsideWindow(ctx, {
        session,
        cls,
        clientId: client?.id ?? null,
        held: opts.guest ? [] : target.held,
      })
    : target.held;
  // The memberships that may pay (choosePayer reads the same when not given): their plans name the payer.
  const held = window ?? (client && !opts.guest ? await listPayingMemberships(ctx, client.id) : []);
  const before = opts.before ?? [];
  const choice = opts.guest
    ? guestChoice(cls)
    : await choosePayer(ctx, {
        clientId: client?.id ?? null,
        session,
        cls,
        explicit: input.membershipId,
        held,
        lock: false,
        alsoBooked: countBy(before, (b) => b.membershipId),
      });
  if (!opts.whenPlaceFrees && session.bookedCount + before.length >= session.capacity) throw classFull();
  const planName = (id: string) => held.find((h) => h.membership.id === id)?.plan.name ?? null;

  const preview = { clientId: client?.id ?? null, currency: ctx.studio.currency };
  switch (choice.kind) {
    case "refused":
      throw choice.error;
    case "membership":
      return {
        ...preview,
        membershipId: choice.membershipId,
        planName: planName(choice.membershipId),
        sessionsLeft: null,
        sessionTaken: false,
        priceCents: null,
        payNow: false,
      };
    case "drop_in":
      return {
        ...preview,
        membershipId: null,
        planName: null,
        sessionsLeft: null,
        sessionTaken: false,
        priceCents: choice.priceCents,
        payNow: choice.payNow && !opts.whenPlaceFrees,
      };
    case "packs": {
      // S1: takePayment's order; a session an earlier booking of the same request takes is gone.
      const taken = countBy(
        before.filter((b) => b.sessionTaken),
        (b) => b.membershipId,
      );
      const left = (p: { membershipId: string; sessionsRemaining: number | null }) =>
        (p.sessionsRemaining ?? 0) - (taken.get(p.membershipId) ?? 0);
      const pack = choice.packs.find((p) => left(p) > 0);
      if (!pack) throw noSessionsLeft();
      return {
        ...preview,
        membershipId: pack.membershipId,
        planName: planName(pack.membershipId),
        sessionsLeft: left(pack) - 1,
        sessionTaken: true,
        priceCents: null,
        payNow: false,
      };
    }
  }
}

function countBy<T>(items: T[], key: (t: T) => string | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of items) {
    const k = key(t);
    if (k) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}
