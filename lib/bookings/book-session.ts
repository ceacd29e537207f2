import { randomUUID } from "node:crypto";
import { and, eq, gt, isNull, lt, ne, sql, type AnyColumn } from "drizzle-orm";
import { z } from "zod";
import { bookings, classes, classSessions, clients, type Booking, type Class, type ClassSession } from "@/db/schema";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { inTransaction, requireRole, type Ctx } from "@/lib/core/ctx";
import { isUniqueViolation, NotFoundError, RuleError } from "@/lib/core/errors";
import { at } from "@/lib/core/sql";
import { Email, isUuid, parseInput, PersonName } from "@/lib/core/validation";
import { canActFor, listPayingMemberships } from "@/lib/households/household-access";
import type { HeldMembership } from "@/lib/memberships/client-memberships";
import { effectiveStatus } from "@/lib/memberships/effective-status";
import { changeSessions } from "@/lib/memberships/ledger";
import { insertPayment } from "@/lib/payments/payments";
import { mailAboutBooking } from "./mails";

export const BookSessionInput = z
  .object({
    sessionId: z.uuid({ error: "Choose a session." }),
    clientId: z.uuid().optional(),
    email: Email.optional(),
    name: PersonName.optional(),
    /** Staff may choose which membership pays (S4). */
    membershipId: z.uuid().optional(),
    by: z.enum(["member", "staff"]).optional(),
  })
  .refine((v) => !(v.clientId && v.email), { path: ["clientId"], error: "Give a clientId or an email, not both." });
export type BookSessionInput = z.input<typeof BookSessionInput>;

export type BookingResult = { booking: Booking; membershipId: string | null; sessionsRemaining: number | null };

/** A session with its class, or "not found" (another studio's id reads the same). */
export async function loadSession(ctx: Ctx, id: string): Promise<{ session: ClassSession; cls: Class }> {
  if (!isUuid(id)) throw new NotFoundError("Session");
  const [row] = await ctx.db
    .select({ session: classSessions, cls: classes })
    .from(classSessions)
    .innerJoin(classes, and(eq(classes.studioId, classSessions.studioId), eq(classes.id, classSessions.classId)))
    .where(and(eq(classSessions.studioId, ctx.studio.id), eq(classSessions.id, id)))
    .prepare("load_session")
    .execute();
  if (!row) throw new NotFoundError("Session");
  return row;
}

/**
 * The session with its class and, when staff name a client, that client (not
 * erased) and its live booking in the session if any: one round trip for what
 * loadSession, getClient and the S3 check would ask in three.
 */
async function loadForBooking(
  ctx: Ctx,
  sessionId: string,
  clientId: string,
): Promise<{ session: ClassSession; cls: Class; client: { id: string } | null; live: string | null }> {
  if (!isUuid(sessionId)) throw new NotFoundError("Session");
  const live = ctx.db.select({ id: bookings.id }).from(bookings).where(isLiveBooking(ctx, classSessions.id, clientId)).limit(1);
  const [row] = await ctx.db
    .select({ session: classSessions, cls: classes, client: { id: clients.id }, live: sql<string | null>`(${live})` })
    .from(classSessions)
    .innerJoin(classes, and(eq(classes.studioId, classSessions.studioId), eq(classes.id, classSessions.classId)))
    .leftJoin(clients, and(eq(clients.studioId, classSessions.studioId), eq(clients.id, clientId), isNull(clients.erasedAt)))
    .where(and(eq(classSessions.studioId, ctx.studio.id), eq(classSessions.id, sessionId)))
    .prepare("load_for_booking")
    .execute();
  if (!row) throw new NotFoundError("Session");
  return { session: row.session, cls: row.cls, client: row.client, live: row.client ? row.live : null };
}

/** S3: the client's live (not cancelled) booking in the session (an id, or a column of the outer query). */
function isLiveBooking(ctx: Ctx, sessionId: string | AnyColumn, clientId: string) {
  return and(eq(bookings.studioId, ctx.studio.id), eq(bookings.sessionId, sessionId), eq(bookings.clientId, clientId), ne(bookings.status, "cancelled"));
}

/** The id of the client's live (not cancelled) booking in the session, if any (S3). */
async function liveBooking(ctx: Ctx, sessionId: string, clientId: string): Promise<string | null> {
  const [live] = await ctx.db.select({ id: bookings.id }).from(bookings).where(isLiveBooking(ctx, sessionId, clientId)).prepare("live_booking").execute();
  return live?.id ?? null;
}

/** The billing period of a recurring membership that contains `instant` (anchored at its start). */
function periodContaining(h: HeldMembership, instant: Date): [Date, Date] {
  const start = new Date(h.membership.startsAt);
  const step = (d: Date, n: number) => {
    const x = new Date(d);
    if (h.plan.interval === "week") x.setUTCDate(x.getUTCDate() + 7 * n);
    else if (h.plan.interval === "year") x.setUTCFullYear(x.getUTCFullYear() + n);
    else x.setUTCMonth(x.getUTCMonth() + n);
    return x;
  };
  let k = 0;
  while (step(start, k + 1) <= instant) k++;
  return [step(start, k), step(start, k + 1)];
}

/** Bookings (not cancelled) a membership already paid for inside a period. */
async function bookingsInPeriod(ctx: Ctx, membershipId: string, [from, to]: [Date, Date]): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(bookings)
    .innerJoin(classSessions, and(eq(classSessions.studioId, bookings.studioId), eq(classSessions.id, bookings.sessionId)))
    .where(
      and(
        eq(bookings.studioId, ctx.studio.id),
        eq(bookings.membershipId, membershipId),
        ne(bookings.status, "cancelled"),
        sql`${classSessions.startsAt} >= ${at(from)} and ${classSessions.startsAt} < ${at(to)}`,
      ),
    );
  return row?.n ?? 0;
}

/**
 * Books a place in a session and takes its payment from the right membership,
 * in one transaction (S1, S3, S4, B1, B2):
 *  1. the place is reserved with a check-and-change on the session's count, so
 *     a class never holds more bookings than places however many arrive at once;
 *  2. the payer is chosen: a membership that covers the class without spending
 *     sessions first (recurring within its booking limit, or fixed), else the
 *     session pack that ends soonest, whose count drops by one in a single
 *     guarded UPDATE with its ledger row (two bookings racing for a pack's last
 *     session spend it once); staff may name the membership;
 *  3. with no membership: a member-only class refuses (`membership_required`),
 *     another class is a drop-in at its price with a payment due (P0);
 *  4. a client holds one live booking per session (`already_booked`), also when
 *     the same request arrives twice.
 * The client is created by C1 when staff book by email. H1: a member may book
 * itself or, as the primary or an additional user, a participant of its
 * household; a household member's booking may be paid by its own memberships
 * or the primary customer's, chosen by the same S4 order.
 */
export async function bookSession(
  ctx: Ctx,
  raw: BookSessionInput,
  opts: {
    notify?: boolean;
    /**
     * A visitor's quick booking by name and email, with nothing proving they own
     * that email: it is a drop-in only, and never spends a membership of the client
     * that email belongs to.
     */
    guest?: boolean;
  } = {},
): Promise<BookingResult> {
  requireRole(ctx, "instructor", "member");
  const input = parseInput(BookSessionInput, raw);
  const by = ctx.actor.kind === "member" ? "member" : (input.by ?? "staff");
  let result: BookingResult;
  try {
    result = await inTransaction(ctx, async (tx) => {
      // Staff naming a client: the session, the client and its live booking in one read, sent
      // together with the read of the memberships that may pay (both only read; used once checked).
      const named = ctx.actor.kind !== "member" && !input.email && input.clientId ? input.clientId : null;
      let prefetched: Promise<HeldMembership[]> | undefined;
      let loaded: Awaited<ReturnType<typeof loadForBooking>>;
      if (named) {
        prefetched = opts.guest ? undefined : listPayingMemberships(tx, named);
        // Both settle before anything is thrown, so no read outlives the transaction.
        const [l, held] = await Promise.allSettled([loadForBooking(tx, input.sessionId, named), prefetched]);
        if (l.status === "rejected") throw l.reason;
        if (held.status === "rejected") throw held.reason;
        loaded = l.value;
      } else {
        loaded = { ...(await loadSession(tx, input.sessionId)), client: null, live: null };
      }
      const { session, cls, client, live: namedLive } = loaded;
      if (session.cancelledAt) throw new RuleError("session_cancelled", "This session was cancelled by the studio.");
      if (session.startsAt <= ctx.now) throw new RuleError("session_started", "This session has already started.");

      let clientId: string;
      if (ctx.actor.kind === "member") {
        // H1: a primary or additional user may also book a participant of its household.
        if (input.clientId && input.clientId !== ctx.actor.clientId && !(await canActFor(tx, input.clientId))) throw new NotFoundError("Client");
        clientId = input.clientId ?? ctx.actor.clientId;
      } else if (input.email) {
        clientId = (await findOrCreateClient(tx, { email: input.email, name: input.name ?? input.email.split("@")[0]!, source: "booking" })).client.id;
      } else if (named) {
        // What getClient checks: the caller's role, and a client of this studio that is not erased.
        requireRole(ctx, "instructor");
        if (!client) throw new NotFoundError("Client");
        clientId = client.id;
      } else {
        throw new RuleError("client_required", "Say who the booking is for: a clientId, or an email and name.");
      }

      const live = named ? namedLive : await liveBooking(tx, session.id, clientId);
      if (live) {
        throw new RuleError("already_booked", ctx.actor.kind === "member" && clientId !== ctx.actor.clientId ? "They already have a place in this session." : "You already have a place in this session.");
      }

      const bookingId = randomUUID();
      // Who may pay is read before the place is taken, so the session's row, which every booking of
      // the class waits on, stays locked only from the reservation to the commit; the payment itself
      // (a pack's session) is still taken after the place, and any refusal comes after class_full as before.
      const pay: PayStep = opts.guest
        ? async () => guestDropIn(cls)
        : await choosePayer(tx, { clientId, session, cls, explicit: input.membershipId, bookingId, by, held: prefetched && (await prefetched) });

      const [reserved] = await tx.db
        .update(classSessions)
        .set({ bookedCount: sql`${classSessions.bookedCount} + 1` })
        .where(
          and(
            eq(classSessions.studioId, ctx.studio.id),
            eq(classSessions.id, session.id),
            lt(classSessions.bookedCount, classSessions.capacity),
            isNull(classSessions.cancelledAt),
            gt(classSessions.startsAt, ctx.now),
          ),
        )
        .returning({ id: classSessions.id })
        .prepare("reserve_place")
        .execute();
      if (!reserved) throw new RuleError("class_full", "This session is full. Join the waitlist to be booked when a place frees up.");

      // The pack's session is taken (its ledger row names the booking: a foreign key checked at commit), then the booking written.
      const payer = await pay();
      const [booking] = await tx.db
        .insert(bookings)
        .values({
          studioId: ctx.studio.id,
          id: bookingId,
          sessionId: session.id,
          clientId,
          membershipId: payer.membershipId,
          sessionTaken: payer.sessionTaken,
          bookedBy: by,
          bookedByActorId: ctx.actor.kind === "staff" || ctx.actor.kind === "member" ? ctx.actor.userId : ctx.actor.kind === "api" ? ctx.actor.keyId : null,
          createdAt: ctx.now,
        })
        .returning()
        .prepare("insert_booking")
        .execute();

      if (!payer.membershipId && cls.dropInPriceCents && cls.dropInPriceCents > 0) {
        await insertPayment(tx, { clientId, bookingId, amountCents: cls.dropInPriceCents, method: null, description: `Drop-in: ${cls.title}` });
      }
      return { booking: booking!, membershipId: payer.membershipId, sessionsRemaining: payer.sessionsRemaining };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new RuleError("already_booked", "You already have a place in this session.");
    throw e;
  }
  if (opts.notify !== false) {
    await mailAboutBooking(ctx, "booking_confirmed", {
      sessionId: result.booking.sessionId,
      clientId: result.booking.clientId,
      sessionsRemaining: result.sessionsRemaining,
    });
  }
  return result;
}

/** A guest's quick booking: a drop-in at the class's price, or refused where a membership is needed (B2). */
function guestDropIn(cls: Class): { membershipId: null; sessionTaken: false; sessionsRemaining: null } {
  if (cls.memberOnly || cls.dropInPriceCents === null) {
    throw new RuleError("membership_required", "This class is booked with a membership. Sign in to book it.");
  }
  return { membershipId: null, sessionTaken: false, sessionsRemaining: null };
}

type Payer = { membershipId: string | null; sessionTaken: boolean; sessionsRemaining: number | null };
/** The payment step, run once the place is reserved: takes a pack's session and says who pays, or throws the refusal. */
type PayStep = () => Promise<Payer>;

/**
 * S4 and B2: who pays for the booking. Reads now and returns the payment to
 * make once the place is reserved: it takes a pack's session, or throws the
 * rule's refusal when nobody can pay.
 */
async function choosePayer(
  ctx: Ctx,
  p: {
    clientId: string;
    session: ClassSession;
    cls: Class;
    explicit?: string;
    bookingId: string;
    by: "member" | "staff";
    /** listPayingMemberships(clientId), when already read. */
    held?: HeldMembership[];
  },
): Promise<PayStep> {
  // H1: a household member's booking may also be paid by the primary customer's memberships.
  const held = p.held ?? (await listPayingMemberships(ctx, p.clientId));
  // Valid now and still valid (not ended, not suspended) when the class takes place.
  const covering = held.filter(
    (h) =>
      h.grantsRights &&
      effectiveStatus(h.membership, p.session.startsAt) === "active" &&
      (!p.cls.memberOnly || h.plan.memberOnlyAccess),
  );
  const candidates = p.explicit ? covering.filter((h) => h.membership.id === p.explicit) : covering;
  if (p.explicit && !candidates.length) {
    const refusal = !held.some((h) => h.membership.id === p.explicit)
      ? new NotFoundError("Membership")
      : new RuleError("membership_not_active", "That membership cannot pay for this class (not active then, or no access).");
    return () => Promise.reject(refusal);
  }

  let limitReached = false;
  for (const h of candidates.filter((c) => c.plan.kind !== "sessions")) {
    if (h.plan.kind === "recurring" && h.plan.bookingLimitPerPeriod) {
      const used = await bookingsInPeriod(ctx, h.membership.id, periodContaining(h, p.session.startsAt));
      if (used >= h.plan.bookingLimitPerPeriod) {
        limitReached = true;
        continue;
      }
    }
    return async () => ({ membershipId: h.membership.id, sessionTaken: false, sessionsRemaining: null });
  }

  const packs = candidates
    .filter((c) => c.plan.kind === "sessions")
    .sort((a, b) => (a.membership.endsAt?.getTime() ?? Infinity) - (b.membership.endsAt?.getTime() ?? Infinity));
  return async () => {
    for (const h of packs) {
      const after = await changeSessions(ctx, {
        membershipId: h.membership.id,
        delta: -1,
        reason: p.by === "member" ? "booked_by_member" : "booked_by_staff",
        bookingId: p.bookingId,
      });
      if (after !== null) return { membershipId: h.membership.id, sessionTaken: true, sessionsRemaining: after };
    }

    if (packs.length) throw new RuleError("no_sessions_left", "There are no sessions left on your pack. Buy a new pack to book.");
    if (limitReached) throw new RuleError("booking_limit_reached", "Your membership's bookings for this period are used up.");
    if (p.cls.memberOnly) throw new RuleError("membership_required", "This class is for members. An active membership with access is needed to book it.");
    if (p.cls.dropInPriceCents === null) throw new RuleError("membership_required", "This class is booked with a membership; it has no drop-in option.");
    return { membershipId: null, sessionTaken: false, sessionsRemaining: null };
  };
}
