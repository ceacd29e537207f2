import { and, eq, isNull, ne, sql, type AnyColumn } from "drizzle-orm";
import { bookings, classes, classSessions, clients, type Class, type ClassSession } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { NotFoundError, RuleError } from "@/lib/core/errors";
import { statement, statementCtx } from "@/lib/core/statements";
import { isUuid } from "@/lib/core/validation";
import { listPayingMemberships } from "@/lib/households/household-access";
import type { HeldMembership } from "@/lib/memberships/client-memberships";
import { classRequiresForm } from "@/lib/forms/internal";
import { listensTo } from "@/lib/webhooks/internal";
import { loadSession, type MailRecipient } from "../session-read";

/** What a booking is about, read before anything is decided. */
export type BookingTarget = {
  session: ClassSession;
  cls: Class;
  /**
   * When staff name a client by id: that client (not erased; null when there is
   * none in this studio) and the id of its live booking in the session, if any.
   */
  named: { client: (MailRecipient & { id: string }) | null; live: string | null } | null;
  /** The memberships that may pay for the named client (H1), read alongside, when asked for. */
  held?: HeldMembership[];
  /** X2: whether the studio has an enabled endpoint for `booking.created`, when read with the session (else undefined). */
  listening?: boolean;
  /** F1: whether a form requires the class, when read with the session (else undefined: requireSignedForms reads it). */
  formRequired?: boolean;
};

/** S3: the client's live (not cancelled) booking in the session (an id, or a column of the outer query). */
export function isLiveBooking(ctx: Ctx, sessionId: string | AnyColumn, clientId: string) {
  return and(
    eq(bookings.studioId, ctx.studio.id),
    eq(bookings.sessionId, sessionId),
    eq(bookings.clientId, clientId),
    ne(bookings.status, "cancelled"),
  );
}

/**
 * The session with its class and, when staff name a client, that client (not
 * erased) and its live booking in the session if any: one round trip for what
 * loadSession, getClient and the S3 check would ask in three.
 */
async function loadForBooking(ctx: Ctx, sessionId: string, clientId: string): Promise<BookingTarget> {
  if (!isUuid(sessionId)) throw new NotFoundError("Session");
  const [row] = await loadForBookingStatement(ctx.db, { studioId: ctx.studio.id, sessionId, clientId });
  if (!row) throw new NotFoundError("Session");
  return {
    session: row.session,
    cls: row.cls,
    named: { client: row.client, live: row.client ? row.live : null },
    listening: row.listening,
    formRequired: row.formRequired,
  };
}

const loadForBookingStatement = statement((db, $: { studioId: string; sessionId: string; clientId: string }) => {
  const ctx = statementCtx(db);
  const live = db
    .select({ id: bookings.id })
    .from(bookings)
    .where(isLiveBooking(ctx, classSessions.id, $.clientId))
    .limit(1);
  return db
    .select({
      session: classSessions,
      cls: classes,
      client: { id: clients.id, name: clients.name, email: clients.email },
      live: sql<string | null>`(${live})`,
      listening: listensTo(ctx, "booking.created"),
      formRequired: classRequiresForm(ctx, classes.id),
    })
    .from(classSessions)
    .innerJoin(classes, and(eq(classes.studioId, classSessions.studioId), eq(classes.id, classSessions.classId)))
    .leftJoin(
      clients,
      and(eq(clients.studioId, classSessions.studioId), eq(clients.id, $.clientId), isNull(clients.erasedAt)),
    )
    .where(and(eq(classSessions.studioId, $.studioId), eq(classSessions.id, $.sessionId)))
    .prepare("load_for_booking");
});

/**
 * Step 1: the session (and, for a client staff name by id, the client, its
 * live booking and the memberships that may pay, sent together: both only
 * read, used once checked). `namedClientId`: staff naming a client by id.
 * `withPayers`: also read who may pay (not for a guest).
 */
export async function loadTarget(
  tx: Ctx,
  sessionId: string,
  namedClientId: string | null,
  withPayers: boolean,
): Promise<BookingTarget> {
  if (!namedClientId) return { ...(await loadSession(tx, sessionId)), named: null };
  const prefetched = withPayers ? listPayingMemberships(tx, namedClientId) : undefined;
  // Both settle before anything is thrown, so no read outlives the transaction.
  const [loaded, held] = await Promise.allSettled([loadForBooking(tx, sessionId, namedClientId), prefetched]);
  if (loaded.status === "rejected") throw loaded.reason;
  if (held.status === "rejected") throw held.reason;
  return { ...loaded.value, held: held.value };
}

/** A cancelled or started session takes no booking (B1). */
export function refuseClosedSession(session: ClassSession, now: Date): void {
  if (session.cancelledAt) throw new RuleError("session_cancelled", "This session was cancelled by the studio.");
  if (session.startsAt <= now) throw new RuleError("session_started", "This session has already started.");
}
