import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { bookings, type Booking, type Class, type ClassSession } from "@/db/schema";
import { bookSession } from "@/lib/bookings/book-session";
import { loadSession } from "@/lib/bookings/session-read";
import { effectiveInstructor } from "@/lib/classes/instructors";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { RuleError } from "@/lib/core/errors";
import { requireInSession, requireInSomeSession } from "@/lib/core/permissions";
import { parseInput } from "@/lib/core/validation";
import {
  deskMemberships,
  resolveDeskClient,
  studioToday,
  todaysSessionsFor,
  type DeskClient,
  type DeskMembership,
} from "./desk";

export const CheckInFields = z.object({
  /** The member card's token, or the QR content (`roster-card:<token>`). */
  cardToken: z.string().trim().min(1, { error: "Scan a card, or type the card token." }).max(200).optional(),
  clientId: z.uuid({ error: "Choose a client." }).optional(),
  /** The session to check into; by default the person's next booked session today that they are not checked into. */
  sessionId: z.uuid({ error: "Choose a session." }).optional(),
});

/** One person: a card or a client, not both. */
export function checkInRules(v: { cardToken?: string; clientId?: string }, c: z.RefinementCtx): void {
  if ((v.cardToken === undefined) === (v.clientId === undefined))
    c.addIssue({ code: "custom", path: ["clientId"], message: "Give exactly one of cardToken or clientId." });
}

export const CheckInInput = CheckInFields.superRefine(checkInRules);
export type CheckInInput = z.input<typeof CheckInInput>;

export type CheckInResult = {
  client: DeskClient;
  /** The booking, marked present. */
  booking: Booking;
  /** A walk-in: the booking was made by this check-in (bookSession, paying per S4, or a drop-in due). */
  booked: boolean;
  /** The person's memberships after the check-in, each with whether it can pay now (O2). */
  memberships: DeskMembership[];
  /** The session checked into, with its class's title. */
  session: { id: string; startsAt: Date; title: string };
  /** A walk-in drop-in: its price, now due (P0); null otherwise. */
  dropInDueCents: number | null;
};

const notBookedToday = (name: string) =>
  new RuleError(
    "not_booked_today",
    `${name} has no booking today to check in. Choose one of today's sessions to book and check them in.`,
  );

/**
 * O2: checks a person in at the front desk. The person comes from a scanned
 * card or a client id; the session from `sessionId`, or else their next booked
 * session today (the studio's zone) that they are not checked into yet.
 *  - Booked already: the booking is marked present (B5: only the mark; a
 *    no-show mark given by mistake is lifted, O6). Checking in twice is the same.
 *  - Not booked (a walk-in): the booking is made by bookSession itself, so it
 *    pays exactly as any booking would (S4: a covering membership, else the
 *    pack that ends soonest, else a drop-in due) and refuses as it would
 *    (class_full, no_sessions_left, membership_required, session_started…),
 *    then marked present, in the same transaction.
 * Only today's sessions (`session_not_today`), never a cancelled one.
 * T3: attendance of the session (an instructor only in the sessions they
 * teach); a walk-in also needs bookings.manage (bookSession checks it).
 */
export async function checkIn(ctx: Ctx, raw: CheckInInput): Promise<CheckInResult> {
  requireInSomeSession(ctx, "attendance.mark");
  const input = parseInput(CheckInInput, raw);
  const client = await resolveDeskClient(ctx, input);

  const result = await inTransaction(ctx, async (tx) => {
    let booking: Booking | null = null;
    let target: { session: ClassSession; cls: Class };
    if (input.sessionId) {
      const { session, cls } = (target = await loadSession(tx, input.sessionId));
      requireInSession(tx, "attendance.mark", effectiveInstructor(session, cls)); // T3
      if (session.cancelledAt) throw new RuleError("session_cancelled", "This session was cancelled by the studio.");
      const { from, to } = studioToday(tx);
      if (session.startsAt < from || session.startsAt >= to)
        throw new RuleError(
          "session_not_today",
          "Check-in is for today's sessions. Use the session's page for others.",
        );
      const [live] = await tx.db
        .select()
        .from(bookings)
        .where(
          and(
            eq(bookings.studioId, ctx.studio.id),
            eq(bookings.sessionId, session.id),
            eq(bookings.clientId, client.id),
            ne(bookings.status, "cancelled"),
          ),
        )
        .for("update");
      booking = live ?? null;
    } else {
      const today = (await todaysSessionsFor(tx, client.id)).filter((r) => r.booking);
      const next =
        today.find((r) => !r.booking!.present && r.session.endsAt > ctx.now) ?? today.find((r) => r.booking!.present);
      if (!next) throw notBookedToday(client.name);
      requireInSession(tx, "attendance.mark", effectiveInstructor(next.session, next.cls)); // T3
      target = next;
      booking = next.booking;
    }
    const sessionId = target.session.id;
    const session = { id: sessionId, startsAt: target.session.startsAt, title: target.cls.title };

    let booked = false;
    if (!booking) {
      // A walk-in: the one booking path (S4, B1, B2, P0), inside this transaction.
      booking = (await bookSession(tx, { sessionId, clientId: client.id, by: "staff" })).booking;
      booked = true;
    }
    const dropInDueCents = booked && !booking.membershipId ? target.cls.dropInPriceCents : null;
    if (booking.present && booking.status === "booked") return { booking, booked, session, dropInDueCents };
    const [row] = await tx.db
      .update(bookings)
      .set({ present: true, status: "booked" })
      .where(and(eq(bookings.studioId, ctx.studio.id), eq(bookings.id, booking.id)))
      .returning();
    await audit(tx, {
      action: "booking.checked_in",
      table: "bookings",
      rowId: booking.id,
      data: { sessionId, walkIn: booked },
    });
    return { booking: row!, booked, session, dropInDueCents };
  });
  return { client, ...result, memberships: await deskMemberships(ctx, client.id) };
}
