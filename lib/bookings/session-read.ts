import { and, eq } from "drizzle-orm";
import { classes, classSessions, clients, type Class, type ClassSession } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { NotFoundError } from "@/lib/core/errors";
import { statement } from "@/lib/core/statements";
import { isUuid } from "@/lib/core/validation";

/**
 * The reads of a session that the booking verbs and their mails share (issue
 * 15 "No cycles": this file imports nothing of lib/bookings). No permission
 * check: the calling verb has made its own.
 */

/** A session with its class, or "not found" (another studio's id reads the same). */
export async function loadSession(ctx: Ctx, id: string): Promise<{ session: ClassSession; cls: Class }> {
  if (!isUuid(id)) throw new NotFoundError("Session");
  const [row] = await loadSessionStatement(ctx.db, { studioId: ctx.studio.id, id });
  if (!row) throw new NotFoundError("Session");
  return row;
}

const loadSessionStatement = statement((db, $: { studioId: string; id: string }) =>
  db
    .select({ session: classSessions, cls: classes })
    .from(classSessions)
    .innerJoin(classes, and(eq(classes.studioId, classSessions.studioId), eq(classes.id, classSessions.classId)))
    .where(and(eq(classSessions.studioId, $.studioId), eq(classSessions.id, $.id)))
    .prepare("load_session"),
);

/** Who a booking mail goes to. `email` null: a household participant without one (no mail). */
export type MailRecipient = { name: string; email: string | null };

/** What a booking mail says: the session, its class and the client, in one round trip. */
export type BookingMailFacts = { session: ClassSession; cls: Class; client: MailRecipient | null };

/** The session, its class and the client of a booking mail, read together (one statement). */
export async function loadBookingMailFacts(ctx: Ctx, sessionId: string, clientId: string): Promise<BookingMailFacts> {
  const [row] = await ctx.db
    .select({ session: classSessions, cls: classes, client: { name: clients.name, email: clients.email } })
    .from(classSessions)
    .innerJoin(classes, and(eq(classes.studioId, classSessions.studioId), eq(classes.id, classSessions.classId)))
    .leftJoin(clients, and(eq(clients.studioId, classSessions.studioId), eq(clients.id, clientId)))
    .where(and(eq(classSessions.studioId, ctx.studio.id), eq(classSessions.id, sessionId)))
    .prepare("load_booking_mail_facts")
    .execute();
  if (!row) throw new NotFoundError("Session");
  return row;
}
