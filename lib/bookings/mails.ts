import { and, eq } from "drizzle-orm";
import { clients } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { formatDateTime } from "@/lib/core/format";
import { sendMail } from "@/lib/mail/send-mail";
import { loadSession } from "./book-session";

export type BookingMailKind = "booking_confirmed" | "booking_cancelled" | "waitlist_promoted" | "session_cancelled";

/**
 * The mails of booking (issue 4 "Mail"), sent after the change has committed.
 * A client without an email (a household participant) gets none; every attempt
 * is recorded in Sent mail by sendMail.
 */
export async function mailAboutBooking(
  ctx: Ctx,
  kind: BookingMailKind,
  p: { sessionId: string; clientId: string; sessionsRemaining?: number | null; sessionReturned?: boolean; reason?: string | null },
): Promise<void> {
  const { session, cls } = await loadSession(ctx, p.sessionId);
  const [c] = await ctx.db
    .select({ name: clients.name, email: clients.email })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, p.clientId)));
  if (!c?.email) return;
  const when = formatDateTime(session.startsAt, ctx.studio.timezone);
  const what = `${cls.title}, ${when}${cls.location ? ` at ${cls.location}` : ""}`;
  const left = typeof p.sessionsRemaining === "number" ? `\nSessions left on your pack: ${p.sessionsRemaining}.` : "";
  const texts: Record<BookingMailKind, { subject: string; body: string }> = {
    booking_confirmed: { subject: `Booked: ${cls.title}, ${when}`, body: `You are booked for ${what}.${left}` },
    booking_cancelled: {
      subject: `Cancelled: ${cls.title}, ${when}`,
      body: `Your booking for ${what} is cancelled.${p.sessionReturned ? " The session went back to your pack." : ""}${left}`,
    },
    waitlist_promoted: {
      subject: `You're in: ${cls.title}, ${when}`,
      body: `A place freed up and you were next on the waitlist: you are now booked for ${what}.${left}\nIf you can no longer come, please cancel so the next person gets the place.`,
    },
    session_cancelled: {
      subject: `Class cancelled: ${cls.title}, ${when}`,
      body: `We are sorry: ${ctx.studio.name} cancelled ${what}.${p.reason ? `\nReason: ${p.reason}` : ""}${p.sessionReturned ? "\nThe session went back to your pack." : ""}`,
    },
  };
  const t = texts[kind];
  await sendMail(ctx, { kind, to: c.email, clientId: p.clientId, subject: t.subject, text: `Hi ${c.name},\n\n${t.body}\n\n${ctx.studio.name}` });
}
