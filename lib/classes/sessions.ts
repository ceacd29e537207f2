import { randomUUID } from "node:crypto";
import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import { classes, classSessions, users, waitlistEntries, type ClassSession } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { InvalidInputError, NotFoundError, RuleError } from "@/lib/core/errors";
import { zonedTimeToUtc } from "@/lib/core/time";
import { isUuid, parseInput } from "@/lib/core/validation";
import { CreateSessionsInput, ListSessionsInput, WEEKDAYS, type SessionView, type Weekday } from "./class-input";
import { getClass } from "./classes";
import { requireTeamMember } from "./instructors";

export { toApiSession } from "./class-input";

/** Most sessions one weekly rule may create: a year of daily classes. */
export const MAX_OCCURRENCES = 366;

const DAY_MS = 86_400_000;

function dayUtc(day: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return Date.UTC(y!, m! - 1, d!);
}

/**
 * B6: the instants of a weekly rule. Days and time are the studio's wall clock,
 * so 18:30 stays 18:30 local on both sides of a daylight-saving change (its UTC
 * hour moves instead). Returns at most `limit` + 1 starts, so callers can tell "too many".
 */
export function weeklyStarts(
  rule: { days: Weekday[]; time: string; from: string; until: string },
  timeZone: string,
  limit = MAX_OCCURRENCES,
): Date[] {
  const [hh, mm] = rule.time.split(":").map(Number);
  const wanted = new Set(rule.days);
  const starts: Date[] = [];
  const last = dayUtc(rule.until);
  // Calendar days are counted in UTC, where every day has 24 hours; only the wall-clock time is zoned.
  for (let day = dayUtc(rule.from); day <= last && starts.length <= limit; day += DAY_MS) {
    if (!wanted.has(WEEKDAYS[new Date(day).getUTCDay()]!)) continue;
    starts.push(zonedTimeToUtc(day + hh! * 3_600_000 + mm! * 60_000, timeZone));
  }
  return starts;
}

function waitlistedCount() {
  return sql<number>`(select count(*)::int from ${waitlistEntries}
    where ${waitlistEntries.studioId} = ${classSessions.studioId}
      and ${waitlistEntries.sessionId} = ${classSessions.id}
      and ${waitlistEntries.promotedBookingId} is null
      and ${waitlistEntries.leftAt} is null)`;
}

/**
 * Schedules sessions of a class: one at `startsAt`, or every matching day of a
 * weekly rule in the studio's time zone (B6), all under one series id. Each
 * copies the class's capacity (B1) and lasts its duration. A start the class
 * already has is skipped, so running the same rule twice adds nothing.
 * Returns only the sessions created, by start.
 */
export async function createSessions(ctx: Ctx, classId: string, raw: CreateSessionsInput): Promise<SessionView[]> {
  requirePermission(ctx, "schedule.manage");
  const input = parseInput(CreateSessionsInput, raw);
  return inTransaction(ctx, async (tx) => {
    const cls = await getClass(tx, classId);
    if (cls.archivedAt)
      throw new RuleError("class_archived", "This class is archived; restore it before scheduling sessions.");
    let starts: Date[];
    let seriesId: string | null = null;
    if (input.weekly) {
      starts = weeklyStarts(input.weekly, ctx.studio.timezone);
      if (starts.length > MAX_OCCURRENCES) {
        const message = `A weekly rule makes at most ${MAX_OCCURRENCES} sessions; choose an earlier last day.`;
        throw new InvalidInputError(message, { "weekly.until": [message] });
      }
      seriesId = randomUUID();
    } else {
      starts = [input.startsAt!];
    }
    if (starts.length === 0) return [];
    const created = await tx.db
      .insert(classSessions)
      .values(
        starts.map((startsAt) => ({
          studioId: ctx.studio.id,
          classId: cls.id,
          startsAt,
          endsAt: new Date(startsAt.getTime() + cls.durationMinutes * 60_000),
          capacity: cls.capacity,
          seriesId,
          createdAt: ctx.now,
        })),
      )
      .onConflictDoNothing({ target: [classSessions.studioId, classSessions.classId, classSessions.startsAt] })
      .returning();
    created.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    if (created.length) {
      await audit(tx, {
        action: "sessions.created",
        table: "class_sessions",
        rowId: created.length === 1 ? created[0]!.id : null,
        data: { classId: cls.id, seriesId, count: created.length, skipped: starts.length - created.length },
      });
    }
    return created.map((s: ClassSession) => ({
      ...s,
      instructorId: cls.instructorId,
      substitute: false,
      instructorName: null,
      title: cls.title,
      location: cls.location,
      memberOnly: cls.memberOnly,
      waitlisted: 0,
    }));
  });
}

function sessionViews(ctx: Ctx) {
  return ctx.db
    .select({
      session: classSessions,
      title: classes.title,
      // O1: the session's own location, else the class's.
      location: sql<string | null>`coalesce(${classSessions.location}, ${classes.location})`,
      memberOnly: classes.memberOnly,
      classInstructorId: classes.instructorId,
      // A name only, never the login's email: the portal shows it to the public.
      instructorName: sql<string | null>`(select ${users.name} from ${users}
        where ${users.id} = coalesce(${classSessions.instructorId}, ${classes.instructorId}))`,
      waitlisted: waitlistedCount(),
    })
    .from(classSessions)
    .innerJoin(classes, and(eq(classes.studioId, classSessions.studioId), eq(classes.id, classSessions.classId)));
}

type ViewRow = {
  session: ClassSession;
  title: string;
  location: string | null;
  memberOnly: boolean;
  classInstructorId: string | null;
  instructorName: string | null;
  waitlisted: number;
};
function toView(r: ViewRow): SessionView {
  return {
    ...r.session,
    instructorId: r.session.instructorId ?? r.classInstructorId,
    substitute: r.session.instructorId !== null,
    instructorName: r.instructorName,
    title: r.title,
    location: r.location,
    memberOnly: r.memberOnly,
    waitlisted: Number(r.waitlisted),
  };
}

/**
 * Sessions starting in [from, to) (at most 92 days), by start, with their
 * class, booked places and clients still waiting (B1, B4). Cancelled sessions
 * are included and marked.
 */
export async function listSessions(ctx: Ctx, raw: ListSessionsInput): Promise<SessionView[]> {
  requirePermission(ctx, "schedule.read", { orMember: true });
  const input = parseInput(ListSessionsInput, raw);
  const rows = await sessionViews(ctx)
    .where(
      and(
        eq(classSessions.studioId, ctx.studio.id),
        gte(classSessions.startsAt, input.from),
        lt(classSessions.startsAt, input.to),
        input.classId ? eq(classSessions.classId, input.classId) : undefined,
      ),
    )
    .orderBy(asc(classSessions.startsAt), asc(classes.title), asc(classSessions.id));
  return rows.map(toView);
}

/** One session of this studio with the same shape as a listing; another studio's id is "not found". */
export async function getSession(ctx: Ctx, id: string): Promise<SessionView> {
  requirePermission(ctx, "schedule.read", { orMember: true });
  if (!isUuid(id)) throw new NotFoundError("Session");
  const [row] = await sessionViews(ctx).where(and(eq(classSessions.studioId, ctx.studio.id), eq(classSessions.id, id)));
  if (!row) throw new NotFoundError("Session");
  return toView(row);
}

/** T3: a substitute for one session (null: the class's instructor teaches it again). */
export async function setSessionInstructor(
  ctx: Ctx,
  sessionId: string,
  instructorId: string | null,
): Promise<SessionView> {
  requirePermission(ctx, "schedule.manage");
  if (instructorId !== null && !isUuid(instructorId))
    throw new InvalidInputError("Choose a member of the team.", { instructorId: ["Choose a member of the team."] });
  await inTransaction(ctx, async (tx) => {
    await getSession(tx, sessionId);
    await requireTeamMember(tx, instructorId);
    await tx.db
      .update(classSessions)
      .set({ instructorId })
      .where(and(eq(classSessions.studioId, ctx.studio.id), eq(classSessions.id, sessionId)));
    await audit(tx, {
      action: "session.instructor_set",
      table: "class_sessions",
      rowId: sessionId,
      data: { instructorId },
    });
  });
  return getSession(ctx, sessionId);
}

/** T3 "My sessions": the upcoming sessions the caller teaches (own or as the class's instructor), soonest first. */
export async function listMySessions(ctx: Ctx, opts: { from?: Date; days?: number } = {}): Promise<SessionView[]> {
  requirePermission(ctx, "schedule.read");
  if (ctx.actor.kind !== "staff") return [];
  const from = opts.from ?? new Date(ctx.now.getTime() - 3 * 3600_000);
  const to = new Date(from.getTime() + (opts.days ?? 28) * DAY_MS);
  const rows = await sessionViews(ctx)
    .where(
      and(
        eq(classSessions.studioId, ctx.studio.id),
        gte(classSessions.startsAt, from),
        lt(classSessions.startsAt, to),
        sql`coalesce(${classSessions.instructorId}, ${classes.instructorId}) = ${ctx.actor.userId}`,
      ),
    )
    .orderBy(asc(classSessions.startsAt), asc(classes.title), asc(classSessions.id));
  return rows.map(toView);
}
