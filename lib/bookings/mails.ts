import type { Ctx } from "@/lib/core/ctx";
import { formatDateTime } from "@/lib/core/format";
import { enqueueTemplateMail } from "@/lib/jobs";
import { loadBookingMailFacts, type BookingMailFacts } from "./session-read";

export type BookingMailKind = "booking_confirmed" | "booking_cancelled" | "waitlist_promoted" | "session_cancelled";

/** The key that makes each booking mail happen once (J1): one per kind and booking. */
const KEY_PREFIX: Record<BookingMailKind, string> = {
  booking_confirmed: "booked",
  booking_cancelled: "cancelled",
  waitlist_promoted: "promoted",
  session_cancelled: "session-cancelled",
};

/**
 * The mails of booking (issue 4 "Mail"), enqueued INSIDE the transaction that
 * books or cancels (J1, STYLE December 2026 #1): a rollback sends nothing, and
 * the key (`booked:<bookingId>`, …) makes each one happen once. A client
 * without an email (a household participant) gets none; every mail is recorded
 * in Sent mail. `facts`: the session, class and client when the caller has
 * already read them (otherwise one read). The text is the template of the same
 * name (lib/mail/templates), rendered when the mail is delivered.
 */
export async function mailAboutBooking(
  tx: Ctx,
  kind: BookingMailKind,
  p: {
    bookingId: string;
    sessionId: string;
    clientId: string;
    sessionsRemaining?: number | null;
    sessionReturned?: boolean;
    reason?: string | null;
    facts?: BookingMailFacts;
  },
): Promise<void> {
  const { session, cls, client } = p.facts ?? (await loadBookingMailFacts(tx, p.sessionId, p.clientId));
  if (!client?.email) return;
  const when = formatDateTime(session.startsAt, tx.studio.timezone);
  const what = `${cls.title}, ${when}${cls.location ? ` at ${cls.location}` : ""}`;
  const facts = {
    name: client.name,
    what,
    title: cls.title,
    when,
    sessionsRemaining: p.sessionsRemaining ?? null,
    sessionReturned: p.sessionReturned ?? false,
    ...(kind === "session_cancelled" && { reason: p.reason ?? null }),
  };
  await enqueueTemplateMail(tx, kind, facts, {
    to: client.email,
    clientId: p.clientId,
    key: `${KEY_PREFIX[kind]}:${p.bookingId}`,
  });
}
