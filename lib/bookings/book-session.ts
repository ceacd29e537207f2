import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Booking } from "@/db/schema";
import { inRetryingTransaction, type Ctx } from "@/lib/core/ctx";
import { requireInSession, requireInSomeSession } from "@/lib/core/permissions";
import { effectiveInstructor } from "@/lib/classes/instructors";
import { DomainError, isUniqueViolation, RuleError } from "@/lib/core/errors";
import { Email, parseInput, PersonName } from "@/lib/core/validation";
import { refuseOutsideWindow, windowBinds } from "./book-session/booking-window";
import { requireSignedForms } from "@/lib/forms/internal";
import { choosePayer, guestChoice } from "./book-session/choose-payer";
import { loadTarget, refuseClosedSession } from "./book-session/load-target";
import { reservePlace } from "./book-session/reserve-place";
import { clientChoiceRules, mustNameClient, refuseIfBooked, resolveClient } from "./book-session/resolve-client";
import { takePayment, type Payer } from "./book-session/take-payment";
import { writeBooking } from "./book-session/write-booking";
import type { BookingMailKind } from "./mails";

/** The shared session read, kept importable from here for existing callers (its home is session-read.ts). */
export { loadSession } from "./session-read";

/** A booking request's fields; every door reads them with the client-choice rules (`BookSessionInput`). */
export const BookSessionFields = z.object({
  sessionId: z.uuid({ error: "Choose a session." }),
  clientId: z.uuid().optional(),
  email: Email.optional(),
  name: PersonName.optional(),
  /** Staff may choose which membership pays (S4). */
  membershipId: z.uuid().optional(),
  by: z.enum(["member", "staff"]).optional(),
});

/** A booking made by staff, an API key or the system: exactly one of clientId or email (every door). */
export const BookSessionInput = BookSessionFields.superRefine(clientChoiceRules({ required: true }));
/** A member's own booking: nobody named (itself) or a household participant's clientId (H1). */
export const MemberBookSessionInput = BookSessionFields.superRefine(clientChoiceRules({ required: false }));
export type BookSessionInput = z.input<typeof BookSessionInput>;

/** The booking input as the caller must give it (`mustNameClient`). */
export function bookSessionInputFor(ctx: Ctx): typeof BookSessionInput {
  return mustNameClient(ctx) ? BookSessionInput : MemberBookSessionInput;
}

export type BookingResult = { booking: Booking; membershipId: string | null; sessionsRemaining: number | null };

export type BookSessionOptions = {
  /**
   * A visitor's quick booking by name and email, with nothing proving they own
   * that email: it is a drop-in only, and never spends a membership of the client
   * that email belongs to.
   */
  guest?: boolean;
};

/** Staff naming a client by id (not a member, not by email): the one case read together with the session. */
export function namedClientId(ctx: Ctx, input: { clientId?: string; email?: string }): string | null {
  return ctx.actor.kind !== "member" && !input.email && input.clientId ? input.clientId : null;
}

/**
 * Books a place in a session and takes its payment from the right membership,
 * in one transaction (S1, S3, S4, B1, B2, M1, P0), as named steps
 * (lib/bookings/book-session/):
 *  1. load-target: the session (with a client staff name, its live booking and
 *     who may pay, in one round trip); a cancelled or started session refuses;
 *  2. resolve-client: who it is for (C1 creates the client when staff book by
 *     email; H1 lets a member book a participant of its household), holding no
 *     live booking in the session yet (`already_booked`, also when the same
 *     request arrives twice);
 *  2b. booking-window (B8): a member's own booking (windowBinds) outside the
 *     session's window is refused (`booking_not_open`, `booking_closed`); staff
 *     are not limited;
 *  3. choose-payer: a membership that covers the class without spending
 *     sessions first (recurring within its per-period limit, its row locked
 *     while counting: M1), else the session pack that ends soonest; staff may
 *     name the membership. With none: a member-only class refuses
 *     (`membership_required`), another is a drop-in at its price with a payment
 *     due — or, for a member's own booking while the studio takes cards,
 *     refused with `payment_required` (pay through checkout first, P0);
 *  4. take-payment: a pack's session in one guarded UPDATE, or the refusal
 *     kept by step 3 (a full session still answers class_full first);
 *  5. reserve-place: a check-and-change on the session's count (B1), after
 *     the payment, so that the session's row, which every booking and cancel
 *     of the session waits for, is locked only for the last step and the
 *     commit (issue 20); a full session rolls the payment back;
 *  6. write-booking: the booking, a drop-in's payment due, and its mail,
 *     enqueued in this transaction (J1).
 * Its locks (pack, client, session) can meet a cancel's that promotes from the
 * waitlist in the opposite order: a transaction Postgres aborts to break the
 * deadlock wrote nothing (its mail included) and is run again.
 * `canBook` answers the same question without writing or locking.
 */
export async function bookSession(
  ctx: Ctx,
  raw: BookSessionInput,
  opts: BookSessionOptions = {},
): Promise<BookingResult> {
  return bookSessionWithMail(ctx, raw, { guest: opts.guest ?? false, mail: "booking_confirmed" });
}

/** bookSession, with the mail that tells the client (B4's promotion says "you're in" instead of "booked"). */
export async function bookSessionWithMail(
  ctx: Ctx,
  raw: BookSessionInput,
  opts: { guest: boolean; mail: BookingMailKind },
): Promise<BookingResult> {
  requireInSomeSession(ctx, "bookings.manage", { orMember: true });
  const input = parseInput(bookSessionInputFor(ctx), raw);
  const by = ctx.actor.kind === "member" ? "member" : (input.by ?? "staff");
  try {
    return await inRetryingTransaction(ctx, async (tx) => {
      const target = await loadTarget(tx, input.sessionId, namedClientId(ctx, input), !opts.guest);
      const { session, cls } = target;
      if (ctx.actor.kind === "staff") requireInSession(ctx, "bookings.manage", effectiveInstructor(session, cls)); // T3
      refuseClosedSession(session, ctx.now);
      const client = (await resolveClient(tx, input, target, { create: true }))!;
      await refuseIfBooked(tx, target, client.id);
      const held = windowBinds(ctx, by)
        ? await refuseOutsideWindow(tx, { session, cls, clientId: client.id, held: opts.guest ? [] : target.held })
        : target.held;
      const knownForms = target.formRequired === undefined ? undefined : { required: target.formRequired };
      await requireSignedForms(tx, client.id, { classId: cls.id }, knownForms); // F1: `form_required`
      const choice = opts.guest
        ? guestChoice(cls)
        : await choosePayer(tx, {
            clientId: client.id,
            session,
            cls,
            explicit: input.membershipId,
            held,
            lock: true,
          });

      const bookingId = randomUUID();
      let payer: Payer;
      try {
        payer = await takePayment(tx, choice, { bookingId, by });
      } catch (e) {
        if (e instanceof DomainError) await reservePlace(tx, session.id); // a full session answers class_full first
        throw e;
      }
      await reservePlace(tx, session.id); // B1: from here to the commit, only the booking's own writes (reserve-place.ts)
      const booking = await writeBooking(tx, {
        bookingId,
        session,
        cls,
        clientId: client.id,
        payer,
        by,
        mail: opts.mail,
        recipient: client.recipient,
        listening: target.listening,
      });
      return { booking, membershipId: payer.membershipId, sessionsRemaining: payer.sessionsRemaining };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new RuleError("already_booked", "You already have a place in this session.");
    throw e;
  }
}
