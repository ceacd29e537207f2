import { bookings, type Booking, type Class, type ClassSession } from "@/db/schema";
import { actorId, type Ctx } from "@/lib/core/ctx";
import { statement } from "@/lib/core/statements";
import { insertPayment } from "@/lib/payments/payments";
import { emitWebhookEvent } from "@/lib/webhooks/internal";
import { toApiBooking } from "../booking-output";
import { mailAboutBooking, type BookingMailKind } from "../mails";
import type { MailRecipient } from "../session-read";
import type { Payer } from "./take-payment";

/**
 * Step 6: the booking row (its id was chosen first, so the pack's ledger row
 * could name it), a payment due for a drop-in with a price (P0), and its mail,
 * enqueued in this transaction (J1): a rollback sends nothing.
 */
export async function writeBooking(
  tx: Ctx,
  p: {
    bookingId: string;
    session: ClassSession;
    cls: Class;
    clientId: string;
    payer: Payer;
    by: "member" | "staff";
    mail: BookingMailKind;
    /** The client's name and email when already read (otherwise the mail reads them). */
    recipient?: MailRecipient | null;
    /** X2: whether an endpoint listens for `booking.created`, when read with the session (otherwise read here). */
    listening?: boolean;
  },
): Promise<Booking> {
  const [booking] = await insertBookingStatement(tx.db, {
    studioId: tx.studio.id,
    id: p.bookingId,
    sessionId: p.session.id,
    clientId: p.clientId,
    membershipId: p.payer.membershipId,
    sessionTaken: p.payer.sessionTaken,
    bookedBy: p.by,
    bookedByActorId: actorId(tx.actor),
    createdAt: tx.now,
  });
  await emitWebhookEvent(
    tx,
    "booking.created",
    toApiBooking(booking!),
    p.listening === undefined ? undefined : { listening: p.listening },
  ); // X2, in this transaction

  if (!p.payer.membershipId && p.cls.dropInPriceCents && p.cls.dropInPriceCents > 0) {
    await insertPayment(tx, {
      clientId: p.clientId,
      bookingId: p.bookingId,
      amountCents: p.cls.dropInPriceCents,
      method: null,
      description: `Drop-in: ${p.cls.title}`,
    });
  }
  await mailAboutBooking(tx, p.mail, {
    bookingId: p.bookingId,
    sessionId: p.session.id,
    clientId: p.clientId,
    sessionsRemaining: p.payer.sessionsRemaining,
    facts: p.recipient !== undefined ? { session: p.session, cls: p.cls, client: p.recipient } : undefined,
  });
  return booking!;
}

const insertBookingStatement = statement(
  (
    db,
    $: {
      studioId: string;
      id: string;
      sessionId: string;
      clientId: string;
      membershipId: string | null;
      sessionTaken: boolean;
      bookedBy: "member" | "staff";
      bookedByActorId: string | null;
      createdAt: Date;
    },
  ) =>
    db
      .insert(bookings)
      .values({
        studioId: $.studioId,
        id: $.id,
        sessionId: $.sessionId,
        clientId: $.clientId,
        membershipId: $.membershipId,
        sessionTaken: $.sessionTaken,
        bookedBy: $.bookedBy,
        bookedByActorId: $.bookedByActorId,
        createdAt: $.createdAt,
      })
      .returning()
      .prepare("insert_booking"),
);
