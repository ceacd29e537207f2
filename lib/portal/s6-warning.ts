import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { bookings, classes, classSessions, memberships } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { ForbiddenError, NotFoundError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/validation";
import { studioSettings } from "@/lib/studios/settings";

export type AffectedBooking = { bookingId: string; classTitle: string; startsAt: Date };

/**
 * S6: what buying a new pack of `planId` would change for the signed-in member.
 * With the studio's "do not restore sessions after a new pack" switch on,
 * cancelling a booking paid from an older pack of the same plan returns
 * nothing once a newer pack exists; these are the member's bookings that
 * would be affected: booked, session not yet started (S8), and paid with a
 * session of a pack of this plan that this client holds. Switch off: none.
 * Ordered by start. Members only: the purchase flow is the member's own.
 */
export async function bookingsAffectedByNewPack(ctx: Ctx, planId: string): Promise<AffectedBooking[]> {
  if (ctx.actor.kind !== "member") throw new ForbiddenError();
  if (!isUuid(planId)) throw new NotFoundError("Plan");
  if (!studioSettings(ctx.studio).noRestoreAfterNewPass) return [];
  const clientId = ctx.actor.clientId;

  const rows = await ctx.db
    .select({ bookingId: bookings.id, classTitle: classes.title, startsAt: classSessions.startsAt })
    .from(bookings)
    .innerJoin(
      classSessions,
      and(eq(classSessions.studioId, bookings.studioId), eq(classSessions.id, bookings.sessionId)),
    )
    .innerJoin(classes, and(eq(classes.studioId, classSessions.studioId), eq(classes.id, classSessions.classId)))
    .innerJoin(memberships, and(eq(memberships.studioId, bookings.studioId), eq(memberships.id, bookings.membershipId)))
    .where(
      and(
        eq(bookings.studioId, ctx.studio.id),
        eq(bookings.clientId, clientId),
        eq(bookings.status, "booked"),
        eq(bookings.sessionTaken, true),
        eq(memberships.clientId, clientId),
        eq(memberships.planId, planId),
        gt(classSessions.startsAt, ctx.now),
        isNull(classSessions.cancelledAt),
      ),
    )
    .orderBy(asc(classSessions.startsAt), asc(bookings.id));
  return rows;
}
