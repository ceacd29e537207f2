import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import {
  bookings,
  clients,
  waitlistEntries,
  type Class,
  type ClassSession,
  type Studio,
  type WaitlistEntry,
} from "@/db/schema";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { getClient } from "@/lib/clients/get-client";
import { requireSignedForms } from "@/lib/forms/internal";
import { inRetryingTransaction, inTransaction, type Ctx } from "@/lib/core/ctx";
import { statement } from "@/lib/core/statements";
import { formatDateTime } from "@/lib/core/format";
import { enqueueTemplateMail } from "@/lib/jobs";
import { appOrigin } from "@/lib/core/app-origin";
import { studioSettings } from "@/lib/studios/settings";
import { requirePermission } from "@/lib/core/permissions";
import { DomainError, NotFoundError, RuleError } from "@/lib/core/errors";
import { Email, isUuid, parseInput, PersonName } from "@/lib/core/validation";
import { bookSession, bookSessionWithMail, type BookingResult } from "./book-session";
import { clientChoiceRules, mustNameClient } from "./book-session/resolve-client";
import { loadSession } from "./session-read";

/** A waitlist request's fields; every door reads them with the client-choice rules (`JoinWaitlistInput`). */
export const JoinWaitlistFields = z.object({
  sessionId: z.uuid(),
  clientId: z.uuid().optional(),
  email: Email.optional(),
  name: PersonName.optional(),
});
/** Staff, an API key: exactly one of clientId or email (every door). */
export const JoinWaitlistInput = JoinWaitlistFields.superRefine(clientChoiceRules({ required: true }));
/** A member joins itself: nobody named, or its own clientId. */
const MemberJoinWaitlistInput = JoinWaitlistFields.superRefine(clientChoiceRules({ required: false }));

const waiting = and(isNull(waitlistEntries.promotedBookingId), isNull(waitlistEntries.leftAt));

/**
 * B4: joins a full session's waitlist, first come first served (C1 creates the
 * client when staff add someone by email). Joining twice keeps the first place.
 */
export async function joinWaitlist(ctx: Ctx, raw: z.input<typeof JoinWaitlistInput>): Promise<WaitlistEntry> {
  requirePermission(ctx, "bookings.manage", { orMember: true });
  const input = parseInput(mustNameClient(ctx) ? JoinWaitlistInput : MemberJoinWaitlistInput, raw);
  return inTransaction(ctx, async (tx) => {
    const { session } = await loadSession(tx, input.sessionId);
    if (session.cancelledAt) throw new RuleError("session_cancelled", "This session was cancelled by the studio.");
    if (session.startsAt <= ctx.now) throw new RuleError("session_started", "This session has already started.");
    if (session.bookedCount < session.capacity)
      throw new RuleError("places_available", "There are places left: book instead.");
    let clientId: string;
    if (ctx.actor.kind === "member") clientId = ctx.actor.clientId;
    else if (input.email)
      clientId = (
        await findOrCreateClient(tx, {
          email: input.email,
          name: input.name ?? input.email.split("@")[0]!,
          source: "waitlist",
        })
      ).client.id;
    else if (input.clientId) clientId = (await getClient(tx, input.clientId)).id;
    else throw new RuleError("client_required", "Say who joins: a clientId, or an email and name.");

    const [booked] = await tx.db
      .select({ id: bookings.id })
      .from(bookings)
      .where(
        and(
          eq(bookings.studioId, ctx.studio.id),
          eq(bookings.sessionId, session.id),
          eq(bookings.clientId, clientId),
          eq(bookings.status, "booked"),
        ),
      );
    if (booked) throw new RuleError("already_booked", "You already have a place in this session.");
    // F1: a promotion books as the system, which signs for no one: a class's form is asked for when joining.
    await requireSignedForms(tx, clientId, { classId: session.classId });

    const [entry] = await tx.db
      .insert(waitlistEntries)
      .values({ studioId: ctx.studio.id, sessionId: session.id, clientId, createdAt: ctx.now })
      .onConflictDoNothing()
      .returning();
    if (entry) return entry;
    const [existing] = await tx.db
      .select()
      .from(waitlistEntries)
      .where(
        and(
          eq(waitlistEntries.studioId, ctx.studio.id),
          eq(waitlistEntries.sessionId, session.id),
          eq(waitlistEntries.clientId, clientId),
          waiting,
        ),
      );
    return existing!;
  });
}

/** B4: a session's queue in order, for staff. */
export async function listWaitlist(ctx: Ctx, sessionId: string) {
  requirePermission(ctx, "schedule.read");
  const { session } = await loadSession(ctx, sessionId);
  return ctx.db
    .select({
      id: waitlistEntries.id,
      clientId: clients.id,
      name: clients.name,
      email: clients.email,
      position: waitlistEntries.position,
      createdAt: waitlistEntries.createdAt,
    })
    .from(waitlistEntries)
    .innerJoin(clients, and(eq(clients.studioId, waitlistEntries.studioId), eq(clients.id, waitlistEntries.clientId)))
    .where(and(eq(waitlistEntries.studioId, ctx.studio.id), eq(waitlistEntries.sessionId, session.id), waiting))
    .orderBy(asc(waitlistEntries.position));
}

/** Leaves the waitlist (a member their own place; staff anyone's). */
export async function leaveWaitlist(ctx: Ctx, entryId: string): Promise<void> {
  requirePermission(ctx, "bookings.manage", { orMember: true });
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
 * B10: the instant automatic promotion stops for a session (`waitlistCutoffHours` before it starts), or null when the
 * studio has no cutoff (null or 0).
 */
export function waitlistCutoffAt(studio: Studio, startsAt: Date): Date | null {
  const hours = studioSettings(studio).waitlistCutoffHours;
  return hours ? new Date(startsAt.getTime() - hours * 3_600_000) : null;
}

/** B10: whether `now` is past the session's waitlist cutoff (promotion stopped; freed places are offered instead). */
export function pastWaitlistCutoff(studio: Studio, startsAt: Date, now: Date): boolean {
  const cutoff = waitlistCutoffAt(studio, startsAt);
  return cutoff !== null && now >= cutoff;
}

/**
 * B10: a place the waitlist may claim now: the session has a free place, has not started and is not cancelled.
 * (Past the cutoff nobody is promoted automatically, so a free place stays free until someone claims or books it.)
 */
export function placeOffered(session: ClassSession, now: Date): boolean {
  return !session.cancelledAt && session.startsAt > now && session.bookedCount < session.capacity;
}

/**
 * B10: past the cutoff a freed place is offered by mail to everyone waiting (a client without an email gets none),
 * enqueued in the caller's transaction (J1), each with a link to the session in the portal where they claim it.
 */
async function offerFreedPlace(ctx: Ctx, session: ClassSession, cls: Class, queue: WaitlistEntry[]): Promise<number> {
  if (!queue.length || !placeOffered(session, ctx.now)) return 0;
  const people = await ctx.db
    .select({ id: clients.id, name: clients.name, email: clients.email })
    .from(clients)
    .where(
      and(
        eq(clients.studioId, ctx.studio.id),
        inArray(
          clients.id,
          queue.map((e) => e.clientId),
        ),
        isNull(clients.erasedAt),
      ),
    );
  const byId = new Map(people.map((c) => [c.id, c]));
  const when = formatDateTime(session.startsAt, ctx.studio.timezone);
  const what = `${cls.title}, ${when}${cls.location ? ` at ${cls.location}` : ""}`;
  const origin = appOrigin();
  const claimUrl = origin ? `${origin}/s/${ctx.studio.slug}/sessions/${session.id}` : null;
  let sent = 0;
  for (const entry of queue) {
    const client = byId.get(entry.clientId);
    if (!client?.email) continue;
    await enqueueTemplateMail(
      ctx,
      "waitlist_place_offered",
      { name: client.name, what, title: cls.title, when, claimUrl },
      // One offer per waiting place and freeing (the instant the place freed).
      { to: client.email, clientId: client.id, key: `offered:${entry.id}:${ctx.now.getTime()}` },
    );
    sent++;
  }
  return sent;
}

/** The session's waiting clients in order, locked (a cancel promotes from here: built once, issue 20). */
const waitingQueue = statement((db, $: { studioId: string; sessionId: string }) =>
  db
    .select()
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.studioId, $.studioId), eq(waitlistEntries.sessionId, $.sessionId), waiting))
    .orderBy(asc(waitlistEntries.position))
    .for("update")
    .prepare("waiting_queue"),
);

/**
 * B4: while a session has free places and has not started, books the first
 * waiting client who can still pay (taking a session per S1, through the same
 * bookSession), in the caller's transaction, each mailed from there (J1). Clients who cannot pay keep their place in the queue.
 * B10: past the studio's waitlist cutoff nobody is promoted: the free place is offered by mail to everyone waiting
 * instead (offerFreedPlace), and the first to claim it gets it (claimWaitlistPlace).
 */
export async function promoteFromWaitlist(ctx: Ctx, sessionId: string): Promise<Promotion[]> {
  const queue = await waitingQueue(ctx.db, { studioId: ctx.studio.id, sessionId });
  if (queue.length && studioSettings(ctx.studio).waitlistCutoffHours) {
    const { session, cls } = await loadSession(ctx, sessionId);
    if (pastWaitlistCutoff(ctx.studio, session.startsAt, ctx.now)) {
      await offerFreedPlace(ctx, session, cls, queue);
      return [];
    }
  }
  const promoted: Promotion[] = [];
  const system: Ctx = { ...ctx, actor: { kind: "system", reason: "waitlist promotion" } };
  for (const entry of queue) {
    try {
      // Its "you're in" mail is enqueued by the booking, in this transaction (J1).
      const { booking, sessionsRemaining } = await bookSessionWithMail(
        system,
        { sessionId, clientId: entry.clientId, by: "member" },
        { guest: false, mail: "waitlist_promoted" },
      );
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

/**
 * B10: a waiting client claims a free place (offered by mail past the cutoff, offerFreedPlace): a normal booking
 * through bookSession (paid as a booking would be, bound by B8 like any member's own booking), and the waitlist place
 * is closed with it. Race-safe: the place is taken by bookSession's check-and-change on the session's count (B1), so
 * of many waiting clients claiming at once exactly one books; the others are told `place_taken` and keep their place
 * in the queue. A member claims its own place; staff may claim for a client.
 */
export async function claimWaitlistPlace(ctx: Ctx, entryId: string): Promise<BookingResult> {
  requirePermission(ctx, "bookings.manage", { orMember: true });
  if (!isUuid(entryId)) throw new NotFoundError("Waitlist place");
  return inRetryingTransaction(ctx, async (tx) => {
    const [entry] = await tx.db
      .select()
      .from(waitlistEntries)
      .where(
        and(
          eq(waitlistEntries.studioId, ctx.studio.id),
          eq(waitlistEntries.id, entryId),
          waiting,
          ctx.actor.kind === "member" ? eq(waitlistEntries.clientId, ctx.actor.clientId) : undefined,
        ),
      )
      .for("update");
    if (!entry) throw new NotFoundError("Waitlist place");
    let result: BookingResult;
    try {
      result = await bookSession(tx, { sessionId: entry.sessionId, clientId: entry.clientId });
    } catch (e) {
      if (e instanceof DomainError && e.code === "class_full")
        throw new RuleError("place_taken", "Someone else claimed the place first. You are still on the waitlist.");
      throw e;
    }
    await tx.db
      .update(waitlistEntries)
      .set({ promotedBookingId: result.booking.id })
      .where(and(eq(waitlistEntries.studioId, ctx.studio.id), eq(waitlistEntries.id, entry.id)));
    return result;
  });
}
