import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { classSessions, messages } from "@/db/schema";
import { InvalidInputError, NotFoundError, RuleError } from "@/lib/core/errors";
import { bookSession } from "@/lib/bookings/book-session";
import { cancelSeries, cancelSession } from "@/lib/bookings/cancel-session";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { loadMembership } from "@/lib/memberships/get-membership";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { createClass, getClass, listClasses, updateClass } from "./classes";
import { updateSession } from "./edit-session";
import { createSessions, getSession } from "./sessions";

const NOW = new Date("2026-03-01T08:00:00Z");
const YOGA = { title: "Evening yoga", capacity: 3, durationMinutes: 60, memberOnly: false, location: "Studio A" };

async function scheduled() {
  const s = await makeStudio({ timezone: "Europe/Warsaw" });
  const owner = await s.owner(NOW);
  const cls = await createClass(owner, { ...YOGA, dropInPriceCents: 2000 });
  const made = await createSessions(owner, cls.id, {
    weekly: { days: ["mon"], time: "18:30", from: "2026-03-02", until: "2026-03-30" },
  });
  return { s, owner, cls, made };
}

async function mailsOf(ctx: Awaited<ReturnType<typeof scheduled>>["owner"], kind: string) {
  return ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.studioId, ctx.studio.id), eq(messages.kind, kind)));
}

describe("O1: editing and cancelling the schedule", () => {
  it("O1: moving a booked session changes its time and length, keeps the bookings and mails each client once per move", async () => {
    const { owner, made } = await scheduled();
    const first = made[0]!;
    const [ann, bob] = [await makeClient(owner, "Ann"), await makeClient(owner, "Bob")];
    await bookSession(owner, { sessionId: first.id, clientId: ann.id, by: "staff" });
    await bookSession(owner, { sessionId: first.id, clientId: bob.id, by: "staff" });
    const moved = await updateSession(owner, first.id, { startsAt: "2026-03-02T19:00:00+01:00", durationMinutes: 45 });
    expect(moved.startsAt.toISOString()).toBe("2026-03-02T18:00:00.000Z");
    expect(moved.endsAt.toISOString()).toBe("2026-03-02T18:45:00.000Z");
    expect(moved.bookedCount).toBe(2);
    const mails = await mailsOf(owner, "session_moved");
    expect(mails.map((m) => m.clientId).sort()).toEqual([ann.id, bob.id].sort());
    expect(mails[0]!.subject).toBe("New time: Evening yoga, 2 Mar 2026, 19:00 to 19:45");
    expect(mails[0]!.props).toMatchObject({ was: "2 Mar 2026, 18:30 to 19:30", now: "2 Mar 2026, 19:00 to 19:45" });
    // The same change again moves nothing and mails nobody; capacity alone mails nobody.
    await updateSession(owner, first.id, { startsAt: "2026-03-02T18:00:00Z", capacity: 5 });
    expect(await mailsOf(owner, "session_moved")).toHaveLength(2);
  });

  it("O1: capacity never goes below the places booked (capacity_below_booked), and nothing changes", async () => {
    const { owner, made } = await scheduled();
    const session = made[1]!;
    for (const name of ["One", "Two"]) {
      const c = await makeClient(owner, name);
      await bookSession(owner, { sessionId: session.id, clientId: c.id, by: "staff" });
    }
    const err = await updateSession(owner, session.id, { capacity: 1, location: "Room 2" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuleError);
    expect(err).toMatchObject({ code: "capacity_below_booked" });
    expect(await getSession(owner, session.id)).toMatchObject({ capacity: 3, location: "Studio A" });
    expect(await updateSession(owner, session.id, { capacity: 2 })).toMatchObject({ capacity: 2, bookedCount: 2 });
    await expect(updateSession(owner, session.id, { capacity: 0 })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("O1, T3: a session's own location and instructor; null gives back the class's", async () => {
    const { s, owner, made } = await scheduled();
    const instructor = await s.instructor(NOW);
    const teacherId = (instructor.actor as { userId: string }).userId;
    const edited = await updateSession(owner, made[2]!.id, { location: "Park", instructorId: teacherId });
    expect(edited).toMatchObject({ location: "Park", instructorId: teacherId, substitute: true });
    expect(await getSession(owner, made[3]!.id)).toMatchObject({ location: "Studio A", instructorId: null });
    expect(await updateSession(owner, made[2]!.id, { location: null, instructorId: null })).toMatchObject({
      location: "Studio A",
      substitute: false,
    });
    const other = await makeStudio();
    const foreignStaff = ((await other.owner(NOW)).actor as { userId: string }).userId;
    await expect(updateSession(owner, made[2]!.id, { instructorId: foreignStaff })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(updateSession(await other.owner(NOW), made[2]!.id, { capacity: 9 })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("O1: a started or cancelled session keeps its time; a start the class already has or in the past is refused", async () => {
    const { s, owner, made } = await scheduled();
    await expect(updateSession(owner, made[0]!.id, { startsAt: made[1]!.startsAt })).rejects.toMatchObject({
      code: "session_exists",
    });
    await expect(updateSession(owner, made[0]!.id, { startsAt: "2026-02-28T10:00:00Z" })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    const later = await s.owner(new Date("2026-03-02T18:00:00Z"));
    await expect(updateSession(later, made[0]!.id, { durationMinutes: 90 })).rejects.toMatchObject({
      code: "session_started",
    });
    expect(await updateSession(later, made[0]!.id, { location: "Room 2" })).toMatchObject({ location: "Room 2" });
    await cancelSession(owner, made[4]!.id);
    await expect(updateSession(owner, made[4]!.id, { capacity: 8 })).rejects.toMatchObject({
      code: "session_cancelled",
    });
  });

  it("O1, S1: cancelling a session answers it with the bookings cancelled and the pack sessions returned", async () => {
    const { owner, made } = await scheduled();
    const plan = await makePlan(owner, PLANS.pack(5));
    const client = await makeClient(owner, "Packed");
    const { membership } = await assignMembership(owner, { planId: plan.id, clientId: client.id });
    await bookSession(owner, { sessionId: made[0]!.id, clientId: client.id });
    expect((await loadMembership(owner, membership.id)).sessionsRemaining).toBe(4);
    const r = await cancelSession(owner, made[0]!.id, { reason: "Flood" });
    expect(r).toMatchObject({ bookingsCancelled: 1, sessionsReturned: 1, session: { id: made[0]!.id } });
    expect(r.session.cancelledAt).not.toBeNull();
    expect((await loadMembership(owner, membership.id)).sessionsRemaining).toBe(5);
    expect(await mailsOf(owner, "session_cancelled")).toHaveLength(1);
  });

  it("O1, S1: a series is cancelled from a studio day on; earlier, started and cancelled sessions stay; each booked client is mailed and paid back", async () => {
    const { s, owner, cls, made } = await scheduled();
    const plan = await makePlan(owner, PLANS.pack(5));
    const client = await makeClient(owner, "Regular");
    const { membership } = await assignMembership(owner, { planId: plan.id, clientId: client.id });
    for (const i of [1, 2, 3]) await bookSession(owner, { sessionId: made[i]!.id, clientId: client.id });
    await cancelSession(owner, made[4]!.id);
    // 16 March is the third Monday; from then on: 16 and 23 March (30 March is already cancelled).
    const later = await s.owner(new Date("2026-03-05T08:00:00Z"));
    const cancelled = await cancelSeries(later, cls.id, { from: "2026-03-16" });
    expect(cancelled.map((x) => x.id)).toEqual([made[2]!.id, made[3]!.id]);
    expect(cancelled.every((x) => x.cancelledAt !== null && x.bookedCount === 0)).toBe(true);
    expect((await getSession(owner, made[1]!.id)).cancelledAt).toBeNull();
    expect((await loadMembership(owner, membership.id)).sessionsRemaining).toBe(4);
    expect(await mailsOf(owner, "session_cancelled")).toHaveLength(2);
    expect(await cancelSeries(later, cls.id, { from: "2026-03-16" })).toEqual([]);
    await expect(cancelSeries(later, cls.id, { from: "2026-02-30" })).rejects.toBeInstanceOf(InvalidInputError);
    const other = await makeStudio();
    await expect(cancelSeries(await other.owner(NOW), cls.id, { from: "2026-03-01" })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const rows = await owner.db.select().from(classSessions).where(eq(classSessions.classId, cls.id));
    expect(rows.filter((r) => r.cancelledAt !== null)).toHaveLength(3);
  });

  it("O1: a class is edited and archived through updateClass; T2: the front desk may, an instructor may not", async () => {
    const { s, owner, cls } = await scheduled();
    const edited = await updateClass(owner, cls.id, { title: "Slow yoga", capacity: 8, archived: true });
    expect(edited).toMatchObject({ title: "Slow yoga", capacity: 8 });
    expect(edited.archivedAt).not.toBeNull();
    expect(await listClasses(owner)).toEqual([]);
    const desk = await s.staffAs("front_desk", NOW);
    expect((await updateClass(desk, cls.id, { archived: false })).archivedAt).toBeNull();
    await expect(updateClass(await s.instructor(NOW), cls.id, { title: "Mine" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(updateSession(await s.instructor(NOW), cls.id, { capacity: 4 })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect((await getClass(owner, cls.id)).title).toBe("Slow yoga");
  });
});
