import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { bookings, clients, waitlistEntries, type WaitlistEntry } from "@/db/schema";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { getClient } from "@/lib/clients/get-client";
import { inTransaction, requireRole, type Ctx } from "@/lib/core/ctx";
import { DomainError, NotFoundError, RuleError } from "@/lib/core/errors";
import { Email, isUuid, parseInput, PersonName } from "@/lib/core/validation";
import { bookSession, loadSession } from "./book-session";
import { mailAboutBooking } from "./mails";

export const JoinWaitlistInput = z.object({
  sessionId: z.uuid(),
  clientId: z.uuid().optional(),
  email: Email.optional(),
  name: PersonName.optional(),
});

const waiting = and(isNull(waitlistEntries.promotedBookingId), isNull(waitlistEntries.leftAt));

/**
 * B4: joins a full session's waitlist, first come first served (C1 creates the
 * client when staff add someone by email). Joining twice keeps the first place.
 */
export async function joinWaitlist(ctx: Ctx, raw: z.input<typeof JoinWaitlistInput>): Promise<WaitlistEntry> {
  requireRole(ctx, "instructor", "member");
  const input = parseInput(JoinWaitlistInput, raw);
  return inTransaction(ctx, async (tx) => {
    const { session } = await loadSession(tx, input.sessionId);
    if (session.cancelledAt) throw new RuleError("session_cancelled", "This session was cancelled by the studio.");
    if (session.startsAt <= ctx.now) throw new RuleError("session_started", "This session has already started.");
    if (session.bookedCount < session.capacity) throw new RuleError("places_available", "There are places left: book instead.");
    let clientId: string;
    if (ctx.actor.kind === "member") clientId = ctx.actor.clientId;
    else if (input.email) clientId = (await findOrCreateClient(tx, { email: input.email, name: input.name ?? input.email.split("@")[0]!, source: "waitlist" })).client.id;
    else if (input.clientId) clientId = (await getClient(tx, input.clientId)).id;
    else throw new RuleError("client_required", "Say who joins: a clientId, or an email and name.");

    const [booked] = await tx.db
      .select({ id: bookings.id })
      .from(bookings)
      .where(and(eq(bookings.studioId, ctx.studio.id), eq(bookings.sessionId, session.id), eq(bookings.clientId, clientId), eq(bookings.status, "booked")));
    if (booked) throw new RuleError("already_booked", "You already have a place in this session.");

    const [entry] = await tx.db
      .insert(waitlistEntries)
      .values({ studioId: ctx.studio.id, sessionId: session.id, clientId, createdAt: ctx.now })
      .onConflictDoNothing()
      .returning();
    if (entry) return entry;
    const [existing] = await tx.db
      .select()
      .from(waitlistEntries)
      .where(and(eq(waitlistEntries.studioId, ctx.studio.id), eq(waitlistEntries.sessionId, session.id), eq(waitlistEntries.clientId, clientId), waiting));
    return existing!;
  });
}

/** B4: a session's queue in order, for staff. */
export async function listWaitlist(ctx: Ctx, sessionId: string) {
  requireRole(ctx, "instructor");
  const { session } = await loadSession(ctx, sessionId);
  return ctx.db
    .select({ id: waitlistEntries.id, clientId: clients.id, name: clients.name, email: clients.email, position: waitlistEntries.position, createdAt: waitlistEntries.createdAt })
    .from(waitlistEntries)
    .innerJoin(clients, and(eq(clients.studioId, waitlistEntries.studioId), eq(clients.id, waitlistEntries.clientId)))
    .where(and(eq(waitlistEntries.studioId, ctx.studio.id), eq(waitlistEntries.sessionId, session.id), waiting))
    .orderBy(asc(waitlistEntries.position));
}

/** Leaves the waitlist (a member their own place; staff anyone's). */
export async function leaveWaitlist(ctx: Ctx, entryId: string): Promise<void> {
  requireRole(ctx, "instructor", "member");
  if (!isUuid(entryId)) throw new NotFoundError("Waitlist place");
  const [row] = await ctx.db
    .update(waitlistEntries)
    .set({ leftAt: ctx.now })
    .where(
      and(
        eq(waitlistEntries.studioId, ctx.studio.id),
        eq(waitlistEntries.id, entryId),
        waiting,
        ctx.actor.kind === "member" ? eq(waitlistEntries.clientId, ctx.actor.clientId) : undefined,
      ),
    )
    .returning({ id: waitlistEntries.id });
  if (!row) throw new NotFoundError("Waitlist place");
}

export type Promotion = { entryId: string; bookingId: string; clientId: string; sessionsRemaining: number | null };

/**
 * B4: while a session has free places and has not started, books the first
 * waiting client who can still pay (taking a session per S1, through the same
 * bookSession), in the caller's transaction. Clients who cannot pay keep their place in the queue.
 */
export async function promoteFromWaitlist(ctx: Ctx, sessionId: string): Promise<Promotion[]> {
  const queue = await ctx.db
    .select()
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.studioId, ctx.studio.id), eq(waitlistEntries.sessionId, sessionId), waiting))
    .orderBy(asc(waitlistEntries.position))
    .for("update");
  const promoted: Promotion[] = [];
  const system: Ctx = { ...ctx, actor: { kind: "system", reason: "waitlist promotion" } };
  for (const entry of queue) {
    try {
      const { booking, sessionsRemaining } = await bookSession(system, { sessionId, clientId: entry.clientId, by: "member" }, { notify: false });
      await ctx.db
        .update(waitlistEntries)
        .set({ promotedBookingId: booking.id })
        .where(and(eq(waitlistEntries.studioId, ctx.studio.id), eq(waitlistEntries.id, entry.id)));
      promoted.push({ entryId: entry.id, bookingId: booking.id, clientId: entry.clientId, sessionsRemaining });
    } catch (e) {
      if (e instanceof DomainError && e.code === "class_full") break;
      if (e instanceof DomainError) continue; // cannot pay now: stays in the queue
      throw e;
    }
  }
  return promoted;
}

/** Mails each promoted client (after the transaction that booked them has committed). */
export async function mailPromotions(ctx: Ctx, sessionId: string, promotions: Promotion[]): Promise<void> {
  for (const p of promotions) await mailAboutBooking(ctx, "waitlist_promoted", { sessionId, clientId: p.clientId, sessionsRemaining: p.sessionsRemaining });
}
