import { and, asc, eq, ne, sql } from "drizzle-orm";
import { bookings, classes, classSessions, clients } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { InvalidInputError, NotFoundError, RuleError } from "@/lib/core/errors";
import { formatDateTime, formatTime } from "@/lib/core/format";
import { isUuid, parseInput } from "@/lib/core/validation";
import { enqueueTemplateMail } from "@/lib/jobs";
import { UpdateSessionInput, type SessionView } from "./class-input";
import { requireTeamMember } from "./instructors";
import { getSession } from "./sessions";

/** "3 Dec 2026, 18:30 to 19:30": a session's time as its mail shows it (plain ASCII, so the subject needs no encoding). */
function span(startsAt: Date, endsAt: Date, timeZone: string): string {
  return `${formatDateTime(startsAt, timeZone)} to ${formatTime(endsAt, timeZone)}`;
}

/**
 * O1: edits one session: its start, length, capacity, instructor (T3) and
 * location. Capacity never goes below the places booked (B1,
 * `capacity_below_booked`): the row is locked, then changed by check-and-change.
 * A cancelled session is not edited; one that has started keeps its time. When
 * the time moves, each client booked gets a mail (a job in this transaction,
 * J1), keyed by booking and new start so each move mails once; bookings stand.
 */
export async function updateSession(ctx: Ctx, id: string, raw: UpdateSessionInput): Promise<SessionView> {
  requirePermission(ctx, "schedule.manage");
  const input = parseInput(UpdateSessionInput, raw);
  if (!isUuid(id)) throw new NotFoundError("Session");
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .select({ session: classSessions, title: classes.title, classLocation: classes.location })
      .from(classSessions)
      .innerJoin(classes, and(eq(classes.studioId, classSessions.studioId), eq(classes.id, classSessions.classId)))
      .where(and(eq(classSessions.studioId, ctx.studio.id), eq(classSessions.id, id)))
      .for("update", { of: classSessions });
    if (!row) throw new NotFoundError("Session");
    const current = row.session;
    if (current.cancelledAt)
      throw new RuleError("session_cancelled", "This session is cancelled; it cannot be changed.");
    await requireTeamMember(tx, input.instructorId);

    const startsAt = input.startsAt ?? current.startsAt;
    const minutes =
      input.durationMinutes ?? Math.round((current.endsAt.getTime() - current.startsAt.getTime()) / 60_000);
    const endsAt = new Date(startsAt.getTime() + minutes * 60_000);
    const moved = startsAt.getTime() !== current.startsAt.getTime() || endsAt.getTime() !== current.endsAt.getTime();
    if (moved && current.startsAt <= ctx.now)
      throw new RuleError("session_started", "A session that has started keeps its time.");
    if (moved && startsAt <= ctx.now) {
      const message = "Choose a time that has not passed.";
      throw new InvalidInputError(message, { startsAt: [message] });
    }
    if (startsAt.getTime() !== current.startsAt.getTime()) {
      const [clash] = await tx.db
        .select({ id: classSessions.id })
        .from(classSessions)
        .where(
          and(
            eq(classSessions.studioId, ctx.studio.id),
            eq(classSessions.classId, current.classId),
            eq(classSessions.startsAt, startsAt),
            ne(classSessions.id, id),
          ),
        );
      if (clash) throw new RuleError("session_exists", "This class already has a session at that time.");
    }
    const [updated] = await tx.db
      .update(classSessions)
      .set({
        startsAt,
        endsAt,
        ...(input.capacity !== undefined && { capacity: input.capacity }),
        ...(input.instructorId !== undefined && { instructorId: input.instructorId }),
        // The class's location typed again is no override.
        ...(input.location !== undefined && {
          location: input.location && input.location !== row.classLocation ? input.location : null,
        }),
      })
      .where(
        and(
          eq(classSessions.studioId, ctx.studio.id),
          eq(classSessions.id, id),
          input.capacity !== undefined ? sql`${classSessions.bookedCount} <= ${input.capacity}` : undefined,
        ),
      )
      .returning();
    if (!updated) {
      const n = current.bookedCount;
      throw new RuleError(
        "capacity_below_booked",
        `${n} ${n === 1 ? "place is" : "places are"} booked; the capacity cannot go below ${n}.`,
      );
    }
    if (moved) {
      const booked = await tx.db
        .select({ id: bookings.id, clientId: bookings.clientId, name: clients.name, email: clients.email })
        .from(bookings)
        .innerJoin(clients, and(eq(clients.studioId, bookings.studioId), eq(clients.id, bookings.clientId)))
        .where(and(eq(bookings.studioId, ctx.studio.id), eq(bookings.sessionId, id), eq(bookings.status, "booked")))
        .orderBy(asc(bookings.id));
      const tz = ctx.studio.timezone;
      const location = updated.location ?? row.classLocation;
      for (const b of booked) {
        if (!b.email) continue;
        await enqueueTemplateMail(
          tx,
          "session_moved",
          {
            name: b.name,
            title: row.title,
            was: span(current.startsAt, current.endsAt, tz),
            now: span(startsAt, endsAt, tz),
            location,
          },
          { key: `moved:${b.id}:${startsAt.toISOString()}:${minutes}`, to: b.email, clientId: b.clientId },
        );
      }
    }
    await audit(tx, {
      action: "session.updated",
      table: "class_sessions",
      rowId: id,
      data: { fields: Object.keys(input), moved },
    });
    return getSession(tx, id);
  });
}
