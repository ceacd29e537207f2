import { and, eq } from "drizzle-orm";
import { bookings, classes, classSessions, staff } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { NotFoundError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/validation";

/** T3: who teaches a session: its own instructor (a substitute), else its class's. */
export function effectiveInstructor(
  session: { instructorId: string | null },
  cls: { instructorId: string | null },
): string | null {
  return session.instructorId ?? cls.instructorId;
}

/** T3: the effective instructor of the session a booking of this studio is in (not found when there is no such booking). */
export async function instructorOfBooking(ctx: Ctx, bookingId: string): Promise<string | null> {
  if (!isUuid(bookingId)) throw new NotFoundError("Booking");
  const [row] = await ctx.db
    .select({ own: classSessions.instructorId, cls: classes.instructorId })
    .from(bookings)
    .innerJoin(
      classSessions,
      and(eq(classSessions.studioId, bookings.studioId), eq(classSessions.id, bookings.sessionId)),
    )
    .innerJoin(classes, and(eq(classes.studioId, classSessions.studioId), eq(classes.id, classSessions.classId)))
    .where(and(eq(bookings.studioId, ctx.studio.id), eq(bookings.id, bookingId)));
  if (!row) throw new NotFoundError("Booking");
  return row.own ?? row.cls;
}

/**
 * T3: the instructor named must be staff of this studio (the composite key
 * would refuse it too, as a 500); another studio's staff reads as "not found", like any foreign id.
 */
export async function requireTeamMember(
  ctx: Ctx,
  userId: string | null | undefined,
  field = "instructorId",
): Promise<void> {
  if (!userId) return;
  const [row] = await ctx.db
    .select({ userId: staff.userId })
    .from(staff)
    .where(and(eq(staff.studioId, ctx.studio.id), eq(staff.userId, userId)));
  if (!row) throw new NotFoundError(field === "instructorId" ? "Instructor" : "Staff member");
}
