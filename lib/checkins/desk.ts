import { and, asc, eq, gte, isNull, lt, ne } from "drizzle-orm";
import { bookings, classes, classSessions, type Booking, type Class, type ClassSession } from "@/db/schema";
import { canBook } from "@/lib/bookings/can-book";
import { getCard } from "@/lib/cards/get-card";
import { getClient } from "@/lib/clients/get-client";
import type { Ctx } from "@/lib/core/ctx";
import { DomainError, NotFoundError } from "@/lib/core/errors";
import { requireInSomeSession } from "@/lib/core/permissions";
import { listClients } from "@/lib/crm/list-clients";
import { dayInZone, nextDay, zonedDayStart } from "@/lib/core/time";
import { listClientMemberships } from "@/lib/memberships/client-memberships";
import { payStanding, type PayStanding } from "@/lib/memberships/effective-status";
import type { MembershipStatus } from "@/db/schema";

/** Who is at the desk: a card token (the QR content or the bare token) or a client id. */
export type DeskPerson = { cardToken?: string; clientId?: string };

/** One membership as the desk shows it (O2): its effective status and whether it can pay now. */
export type DeskMembership = {
  id: string;
  plan: { id: string; name: string };
  /** The effective status now (M4). */
  status: MembershipStatus;
  /** payStanding (O2): `active` can pay; anything else is why not (a pack at 0, suspended, past due, expired…). */
  standing: PayStanding;
  canPay: boolean;
  inherited: boolean;
  startsAt: Date;
  endsAt: Date | null;
  sessionsTotal: number | null;
  sessionsRemaining: number | null;
};

export type DeskClient = { id: string; name: string; email: string | null };

/** Who would pay for a walk-in booking of a session, from canBook (read-only), or why it would be refused. */
export type WalkInPreview =
  | {
      ok: true;
      membershipId: string | null;
      planName: string | null;
      /** A pack's sessions left after this booking; null when no pack pays. */
      sessionsLeftAfter: number | null;
      /** A drop-in's price, due at the desk; null when a membership pays. */
      priceCents: number | null;
      currency: string;
    }
  | { ok: false; code: string; message: string };

export type DeskSession = {
  session: ClassSession;
  cls: Pick<Class, "id" | "title" | "location">;
  /** The person's live (not cancelled) booking in it, if any. */
  booking: Booking | null;
  /** For a session the person is not booked into: what a walk-in booking would be. */
  walkIn: WalkInPreview | null;
};

export type CheckInDesk = {
  client: DeskClient;
  memberships: DeskMembership[];
  /** Today's sessions in the studio's zone (not cancelled), by start. */
  sessions: DeskSession[];
  /** The studio's day shown, YYYY-MM-DD. */
  day: string;
};

/** The client a card token or an id names (not erased, this studio's); anything else is "not found". */
export async function resolveDeskClient(ctx: Ctx, who: DeskPerson): Promise<DeskClient> {
  if (who.cardToken !== undefined) {
    const card = await getCard(ctx, who.cardToken);
    return { id: card.client.id, name: card.client.name, email: card.client.email };
  }
  if (who.clientId === undefined) throw new NotFoundError("Client");
  const c = await getClient(ctx, who.clientId);
  return { id: c.id, name: c.name, email: c.email };
}

/** O2: the person's memberships, those that can pay first, each with payStanding (the one "can pay"). */
export async function deskMemberships(ctx: Ctx, clientId: string): Promise<DeskMembership[]> {
  const held = await listClientMemberships(ctx, clientId);
  const rows = held.map((h): DeskMembership => {
    const standing = payStanding(h.membership, ctx.now);
    return {
      id: h.membership.id,
      plan: { id: h.plan.id, name: h.plan.name },
      status: h.status,
      standing,
      canPay: standing === "active",
      inherited: h.inherited,
      startsAt: h.membership.startsAt,
      endsAt: h.membership.endsAt,
      sessionsTotal: h.membership.sessionsTotal,
      sessionsRemaining: h.membership.sessionsRemaining,
    };
  });
  return rows.sort((a, b) => Number(b.canPay) - Number(a.canPay));
}

/** The instants the studio's day of ctx.now begins and ends (its zone, DST-safe). */
export function studioToday(ctx: Ctx): { day: string; from: Date; to: Date } {
  const tz = ctx.studio.timezone;
  const day = dayInZone(ctx.now, tz);
  return { day, from: zonedDayStart(day, tz)!, to: zonedDayStart(nextDay(day)!, tz)! };
}

/** Today's sessions of the studio (not cancelled) with the client's live booking in each, by start. */
export async function todaysSessionsFor(
  ctx: Ctx,
  clientId: string,
): Promise<{ session: ClassSession; cls: Class; booking: Booking | null }[]> {
  const { from, to } = studioToday(ctx);
  return ctx.db
    .select({ session: classSessions, cls: classes, booking: bookings })
    .from(classSessions)
    .innerJoin(classes, and(eq(classes.studioId, classSessions.studioId), eq(classes.id, classSessions.classId)))
    .leftJoin(
      bookings,
      and(
        eq(bookings.studioId, classSessions.studioId),
        eq(bookings.sessionId, classSessions.id),
        eq(bookings.clientId, clientId),
        ne(bookings.status, "cancelled"),
      ),
    )
    .where(
      and(
        eq(classSessions.studioId, ctx.studio.id),
        isNull(classSessions.cancelledAt),
        gte(classSessions.startsAt, from),
        lt(classSessions.startsAt, to),
      ),
    )
    .orderBy(asc(classSessions.startsAt), asc(classes.title));
}

async function previewWalkIn(
  ctx: Ctx,
  sessionId: string,
  clientId: string,
  memberships: DeskMembership[],
): Promise<WalkInPreview> {
  try {
    const p = await canBook(ctx, { sessionId, clientId, by: "staff" });
    const m = p.membershipId ? memberships.find((x) => x.id === p.membershipId) : undefined;
    return {
      ok: true,
      membershipId: p.membershipId,
      // A household primary's membership (H1) is not among the person's own: named generically.
      planName: m?.plan.name ?? (p.membershipId ? "A household membership" : null),
      sessionsLeftAfter: p.sessionTaken && m?.sessionsRemaining != null ? m.sessionsRemaining - 1 : null,
      priceCents: p.priceCents,
      currency: p.currency,
    };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}

/**
 * O2: what the front desk sees for one person (found by card or by name): who
 * they are, each membership and whether it can pay now (payStanding: a pack at
 * 0, a suspended, past-due or expired membership is never shown as valid), and
 * today's sessions in the studio's zone: their booking in each, or what a
 * walk-in booking would cost (canBook, read-only) or why it would be refused.
 */
export async function getCheckInDesk(ctx: Ctx, who: DeskPerson): Promise<CheckInDesk> {
  requireInSomeSession(ctx, "attendance.mark");
  const client = await resolveDeskClient(ctx, who);
  const [memberships, today] = [await deskMemberships(ctx, client.id), await todaysSessionsFor(ctx, client.id)];
  const sessions: DeskSession[] = [];
  for (const row of today) {
    const open = !row.booking && row.session.startsAt > ctx.now;
    sessions.push({
      session: row.session,
      cls: { id: row.cls.id, title: row.cls.title, location: row.cls.location },
      booking: row.booking,
      walkIn: open ? await previewWalkIn(ctx, row.session.id, client.id, memberships) : null,
    });
  }
  return { client, memberships, sessions, day: studioToday(ctx).day };
}

/** The clients of this studio whose name, email or phone matches, for the desk's search by name (at most `limit`). */
export async function findDeskClients(ctx: Ctx, q: string, limit = 10): Promise<DeskClient[]> {
  requireInSomeSession(ctx, "attendance.mark");
  const page = await listClients(ctx, { q, limit, sort: "name" });
  return page.data.map((c) => ({ id: c.id, name: c.name, email: c.email }));
}
