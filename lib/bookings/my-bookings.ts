import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { bookings, classes, classSessions, users, waitlistEntries, type BookingStatus } from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requireMemberActor, requirePermission } from "@/lib/core/permissions";
import { ForbiddenError, NotFoundError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/validation";
import { visibleHouseholdPeople, type VisiblePerson } from "@/lib/households/household-access";

/** One of the signed-in member's bookings with its session and class, as the portal shows it. */
export type MyBooking = {
  id: string;
  status: BookingStatus;
  sessionTaken: boolean;
  membershipId: string | null;
  createdAt: Date;
  cancelledAt: Date | null;
  /** `instructorName`: who teaches it (T3: the substitute, else the class's instructor), by name only. */
  session: { id: string; startsAt: Date; endsAt: Date; cancelledAt: Date | null; instructorName: string | null };
  cls: { id: string; title: string; location: string | null };
  /**
   * H1: who attends. The member's own bookings are `me`; with a household, those
   * of the primary, participants and additional users are listed too.
   * `canManage`: the member may cancel it (its own, or a participant's).
   */
  attendee: VisiblePerson;
};

/** The signed-in member's place on a waitlist (B4). */
export type MyWaitlistPlace = { id: string; sessionId: string; position: number; createdAt: Date };

function requireMember(ctx: Ctx): string {
  requireMemberActor(ctx);
  if (ctx.actor.kind !== "member") throw new ForbiddenError("Only the member can see their own bookings here.");
  return ctx.actor.clientId;
}

/**
 * S8: a booking is active while it is booked (not cancelled, not a no-show)
 * and its session has not yet started. The pure twin of countActiveBookings.
 */
export function isActiveBooking(b: { status: BookingStatus; session: { startsAt: Date } }, now: Date): boolean {
  return b.status === "booked" && b.session.startsAt.getTime() > now.getTime();
}

/**
 * The portal's "My bookings": every booking of the signed-in member (any
 * status) with its session and class, by session start. Members only, so
 * nobody reads another client's bookings through it. H1: a primary or an
 * additional user also sees the bookings of everyone in its household, each
 * labelled with who attends; a participant sees only its own.
 */
export async function listMyBookings(ctx: Ctx): Promise<MyBooking[]> {
  requireMember(ctx);
  const people = new Map((await visibleHouseholdPeople(ctx)).map((p) => [p.id, p]));
  const rows = await ctx.db
    .select({
      id: bookings.id,
      status: bookings.status,
      sessionTaken: bookings.sessionTaken,
      membershipId: bookings.membershipId,
      createdAt: bookings.createdAt,
      cancelledAt: bookings.cancelledAt,
      sessionId: classSessions.id,
      startsAt: classSessions.startsAt,
      endsAt: classSessions.endsAt,
      sessionCancelledAt: classSessions.cancelledAt,
      instructorName: sql<
        string | null
      >`(select ${users.name} from ${users} where ${users.id} = coalesce(${classSessions.instructorId}, ${classes.instructorId}))`,
      classId: classes.id,
      title: classes.title,
      location: classes.location,
      clientId: bookings.clientId,
    })
    .from(bookings)
    .innerJoin(
      classSessions,
      and(eq(classSessions.studioId, bookings.studioId), eq(classSessions.id, bookings.sessionId)),
    )
    .innerJoin(classes, and(eq(classes.studioId, classSessions.studioId), eq(classes.id, classSessions.classId)))
    .where(and(eq(bookings.studioId, ctx.studio.id), inArray(bookings.clientId, [...people.keys()])))
    .orderBy(asc(classSessions.startsAt), asc(bookings.createdAt), asc(bookings.id));
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    sessionTaken: r.sessionTaken,
    membershipId: r.membershipId,
    createdAt: r.createdAt,
    cancelledAt: r.cancelledAt,
    session: {
      id: r.sessionId,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      cancelledAt: r.sessionCancelledAt,
      instructorName: r.instructorName,
    },
    cls: { id: r.classId, title: r.title, location: r.location },
    attendee: people.get(r.clientId)!,
  }));
}

/**
 * S8: the number of active bookings of a client at `now` — booked, not
 * cancelled, session not yet started. A member may only count their own
 * (another client's id reads "not found"); staff may count any client of the studio.
 */
export async function countActiveBookings(ctx: Ctx, clientId: string, now: Date): Promise<number> {
  requirePermission(ctx, "clients.read", { orMember: true });
  if (!isUuid(clientId) || (ctx.actor.kind === "member" && ctx.actor.clientId !== clientId))
    throw new NotFoundError("Client");
  const rows = await ctx.db
    .select({ id: bookings.id })
    .from(bookings)
    .innerJoin(
      classSessions,
      and(eq(classSessions.studioId, bookings.studioId), eq(classSessions.id, bookings.sessionId)),
    )
    .where(
      and(
        eq(bookings.studioId, ctx.studio.id),
        eq(bookings.clientId, clientId),
        eq(bookings.status, "booked"),
        gt(classSessions.startsAt, now),
      ),
    );
  return rows.length;
}

/** The signed-in member's current waitlist places (waiting: not promoted, not left), B4. */
export async function listMyWaitlist(ctx: Ctx): Promise<MyWaitlistPlace[]> {
  const clientId = requireMember(ctx);
  const rows = await ctx.db
    .select({
      id: waitlistEntries.id,
      sessionId: waitlistEntries.sessionId,
      position: waitlistEntries.position,
      createdAt: waitlistEntries.createdAt,
    })
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.studioId, ctx.studio.id),
        eq(waitlistEntries.clientId, clientId),
        isNull(waitlistEntries.promotedBookingId),
        isNull(waitlistEntries.leftAt),
      ),
    )
    .orderBy(asc(waitlistEntries.position));
  return rows.map((r) => ({ ...r, position: Number(r.position) }));
}
