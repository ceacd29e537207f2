import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { classSessions, waitlistEntries } from "@/db/schema";
import type { Actor } from "@/lib/core/ctx";
import { ForbiddenError, InvalidInputError, NotFoundError, RuleError } from "@/lib/core/errors";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient } from "@/test/support/membership-fixtures";
import { archiveClass, createClass, getClass, listClasses, updateClass } from "./classes";
import { createSessions, getSession, listSessions, MAX_OCCURRENCES, toApiSession } from "./sessions";

const NOW = new Date("2026-03-01T08:00:00Z");
const member: Actor = {
  kind: "member",
  userId: "00000000-0000-4000-8000-000000000001",
  clientId: "00000000-0000-4000-8000-000000000002",
};

const YOGA = { title: "Evening yoga", capacity: 12, durationMinutes: 60, memberOnly: false, location: "Studio A" };

/** The wall-clock time of an instant in a zone, "HH:MM". */
function localTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
    at,
  );
}

const iso = (s: { startsAt: Date }) => s.startsAt.toISOString();

async function classIn(timezone: string) {
  const s = await makeStudio({ timezone });
  const owner = await s.owner(NOW);
  const cls = await createClass(owner, YOGA);
  return { s, owner, cls };
}

describe("classes and sessions", () => {
  it("B6: a Monday/Wednesday 18:30 class in Warsaw stays 18:30 local across the 29 March spring change", async () => {
    const { owner, cls } = await classIn("Europe/Warsaw");
    const made = await createSessions(owner, cls.id, {
      weekly: { days: ["mon", "wed"], time: "18:30", from: "2026-03-16", until: "2026-04-08" },
    });
    expect(made.map(iso)).toEqual([
      "2026-03-16T17:30:00.000Z",
      "2026-03-18T17:30:00.000Z",
      "2026-03-23T17:30:00.000Z",
      "2026-03-25T17:30:00.000Z",
      "2026-03-30T16:30:00.000Z",
      "2026-04-01T16:30:00.000Z",
      "2026-04-06T16:30:00.000Z",
      "2026-04-08T16:30:00.000Z",
    ]);
    expect(made.every((s) => localTime(s.startsAt, "Europe/Warsaw") === "18:30")).toBe(true);
    expect(made.every((s) => s.endsAt.getTime() - s.startsAt.getTime() === 60 * 60_000)).toBe(true);
    expect(made.every((s) => s.capacity === 12 && s.bookedCount === 0 && s.cancelledAt === null)).toBe(true);
    expect(new Set(made.map((s) => s.seriesId)).size).toBe(1);
    expect(made[0]!.seriesId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("B6: in New York the wall clock holds across 8 March and 1 November", async () => {
    const { owner, cls } = await classIn("America/New_York");
    const spring = await createSessions(owner, cls.id, {
      weekly: { days: ["sun", "mon"], time: "18:30", from: "2026-03-01", until: "2026-03-10" },
    });
    expect(spring.map(iso)).toEqual([
      "2026-03-01T23:30:00.000Z",
      "2026-03-02T23:30:00.000Z",
      "2026-03-08T22:30:00.000Z",
      "2026-03-09T22:30:00.000Z",
    ]);
    const autumn = await createSessions(owner, cls.id, {
      weekly: { days: ["sat", "sun", "mon"], time: "18:30", from: "2026-10-31", until: "2026-11-02" },
    });
    expect(autumn.map(iso)).toEqual([
      "2026-10-31T22:30:00.000Z",
      "2026-11-01T23:30:00.000Z",
      "2026-11-02T23:30:00.000Z",
    ]);
    expect([...spring, ...autumn].every((s) => localTime(s.startsAt, "America/New_York") === "18:30")).toBe(true);
    expect(spring[0]!.seriesId).not.toBe(autumn[0]!.seriesId);
  });

  it("B6: re-running the same weekly rule adds nothing", async () => {
    const { owner, cls } = await classIn("Europe/Warsaw");
    const rule = {
      weekly: { days: ["mon", "wed"] as ("mon" | "wed")[], time: "18:30", from: "2026-03-16", until: "2026-04-08" },
    };
    expect(await createSessions(owner, cls.id, rule)).toHaveLength(8);
    expect(await createSessions(owner, cls.id, rule)).toEqual([]);
    // A longer rule over the same days adds only the new ones.
    const more = await createSessions(owner, cls.id, { weekly: { ...rule.weekly, until: "2026-04-15" } });
    expect(more.map(iso)).toEqual(["2026-04-13T16:30:00.000Z", "2026-04-15T16:30:00.000Z"]);
    const rows = await owner.db.select().from(classSessions).where(eq(classSessions.classId, cls.id));
    expect(rows).toHaveLength(10);
  });

  it("B1: a one-off session at an exact instant copies the class's capacity and length; the same start again adds nothing", async () => {
    const { owner, cls } = await classIn("Europe/Warsaw");
    const [one, ...rest] = await createSessions(owner, cls.id, { startsAt: "2026-05-01T09:00:00+02:00" });
    expect(rest).toEqual([]);
    expect(toApiSession(one!)).toEqual({
      id: one!.id,
      classId: cls.id,
      title: "Evening yoga",
      startsAt: "2026-05-01T07:00:00.000Z",
      endsAt: "2026-05-01T08:00:00.000Z",
      capacity: 12,
      booked: 0,
      waitlisted: 0,
      cancelled: false,
      location: "Studio A",
      memberOnly: false,
      instructorId: null,
    });
    expect(one!.seriesId).toBeNull();
    expect(await createSessions(owner, cls.id, { startsAt: "2026-05-01T07:00:00Z" })).toEqual([]);
    // A later capacity change applies to new sessions only.
    await updateClass(owner, cls.id, { capacity: 20 });
    const [later] = await createSessions(owner, cls.id, { startsAt: "2026-05-02T09:00:00+02:00" });
    expect(later!.capacity).toBe(20);
    expect((await getSession(owner, one!.id)).capacity).toBe(12);
  });

  it(`B6: one weekly rule makes at most ${MAX_OCCURRENCES} sessions, and a rule over the cap writes nothing`, async () => {
    const { owner, cls } = await classIn("Europe/Warsaw");
    const every = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
    const err = await createSessions(owner, cls.id, {
      weekly: { days: [...every], time: "07:00", from: "2026-01-01", until: "2027-01-02" },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).fields["weekly.until"]?.[0]).toMatch(/at most 366 sessions/);
    expect(await owner.db.select().from(classSessions).where(eq(classSessions.classId, cls.id))).toHaveLength(0);
    const year = await createSessions(owner, cls.id, {
      weekly: { days: [...every], time: "07:00", from: "2026-01-01", until: "2027-01-01" },
    });
    expect(year).toHaveLength(366);
  });

  it("refuses bad input field by field: capacity 0, a time of 25:00, an end before the start, both or neither form", async () => {
    const { owner, cls } = await classIn("Europe/Warsaw");
    const bad = await createClass(owner, { ...YOGA, capacity: 0 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidInputError);
    expect(Object.keys((bad as InvalidInputError).fields)).toEqual(["capacity"]);
    const time = await createSessions(owner, cls.id, {
      weekly: { days: ["mon"], time: "25:00", from: "2026-03-01", until: "2026-02-01" },
    }).catch((e: unknown) => e);
    expect(Object.keys((time as InvalidInputError).fields).sort()).toEqual(["weekly.time", "weekly.until"]);
    const day = await createSessions(owner, cls.id, {
      weekly: { days: ["funday" as "mon"], time: "18:00", from: "2026-02-30", until: "2026-03-01" },
    }).catch((e: unknown) => e);
    expect(Object.keys((day as InvalidInputError).fields).sort()).toEqual(["weekly.days.0", "weekly.from"]);
    await expect(createSessions(owner, cls.id, {})).rejects.toBeInstanceOf(InvalidInputError);
    await expect(
      createSessions(owner, cls.id, {
        startsAt: "2026-05-01T09:00:00Z",
        weekly: { days: ["mon"], time: "18:00", from: "2026-03-02", until: "2026-03-02" },
      }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    // Without an offset the instant is ambiguous (API.md: times with offset).
    await expect(createSessions(owner, cls.id, { startsAt: "2026-05-01T09:00:00" })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });

  it("another studio's class or session id is not found, and nothing is written", async () => {
    const a = await classIn("Europe/Warsaw");
    const b = await makeStudio();
    const bOwner = await b.owner(NOW);
    const [session] = await createSessions(a.owner, a.cls.id, { startsAt: "2026-05-01T09:00:00+02:00" });
    await expect(getClass(bOwner, a.cls.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateClass(bOwner, a.cls.id, { title: "Mine now" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(createSessions(bOwner, a.cls.id, { startsAt: "2026-05-03T09:00:00+02:00" })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(getSession(bOwner, session!.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getSession(bOwner, "not-a-uuid")).rejects.toBeInstanceOf(NotFoundError);
    const listed = await listSessions(bOwner, { from: "2026-04-01T00:00:00Z", to: "2026-06-01T00:00:00Z" });
    expect(listed).toEqual([]);
    expect(await a.owner.db.select().from(classSessions).where(eq(classSessions.classId, a.cls.id))).toHaveLength(1);
    expect((await getClass(a.owner, a.cls.id)).title).toBe("Evening yoga");
  });

  it("T2: the front desk may create and schedule classes; instructors and members may list but not create", async () => {
    const s = await makeStudio();
    const instructor = await s.staffAs("front_desk", NOW);
    const cls = await createClass(instructor, {
      title: "Pilates",
      capacity: 6,
      durationMinutes: 45,
      memberOnly: true,
      dropInPriceCents: 1500,
    });
    expect(cls).toMatchObject({
      capacity: 6,
      memberOnly: true,
      dropInPriceCents: 1500,
      description: null,
      location: null,
    });
    await createSessions(instructor, cls.id, { startsAt: "2026-03-10T10:00:00+01:00" });
    await expect(createClass(await s.instructor(NOW), YOGA)).rejects.toBeInstanceOf(ForbiddenError);
    const asMember = await s.ctx(member, NOW);
    await expect(createClass(asMember, YOGA)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createSessions(asMember, cls.id, { startsAt: "2026-03-11T10:00:00+01:00" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(archiveClass(asMember, cls.id)).rejects.toBeInstanceOf(ForbiddenError);
    const seen = await listSessions(asMember, { from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z" });
    expect(seen.map((x) => x.title)).toEqual(["Pilates"]);
    expect((await listClasses(asMember)).map((c) => c.title)).toEqual(["Pilates"]);
  });

  it("an archived class takes no new sessions and leaves the default class list", async () => {
    const { owner, cls } = await classIn("Europe/Warsaw");
    await archiveClass(owner, cls.id);
    await expect(createSessions(owner, cls.id, { startsAt: "2026-05-01T09:00:00+02:00" })).rejects.toBeInstanceOf(
      RuleError,
    );
    expect(await listClasses(owner)).toEqual([]);
    expect((await listClasses(owner, { includeArchived: true })).map((c) => c.id)).toEqual([cls.id]);
    await archiveClass(owner, cls.id, false);
    expect(await createSessions(owner, cls.id, { startsAt: "2026-05-01T09:00:00+02:00" })).toHaveLength(1);
  });

  it("listSessions: [from, to) by start, filtered by class, with clients still waiting; at most 92 days", async () => {
    const { s, owner, cls } = await classIn("Europe/Warsaw");
    await createSessions(owner, cls.id, {
      weekly: { days: ["mon", "wed"], time: "18:30", from: "2026-03-16", until: "2026-04-08" },
    });
    const other = await createClass(owner, { ...YOGA, title: "Aerial" });
    await createSessions(owner, other.id, { startsAt: "2026-03-23T17:30:00Z" });
    // Midnight 23 March to midnight 1 April, Warsaw time.
    const range = { from: "2026-03-23T00:00:00+01:00", to: "2026-04-01T00:00:00+02:00" };
    const listed = await listSessions(owner, range);
    expect(listed.map((x) => `${x.title} ${iso(x)}`)).toEqual([
      "Aerial 2026-03-23T17:30:00.000Z",
      "Evening yoga 2026-03-23T17:30:00.000Z",
      "Evening yoga 2026-03-25T17:30:00.000Z",
      "Evening yoga 2026-03-30T16:30:00.000Z",
    ]);
    expect((await listSessions(owner, { ...range, classId: other.id })).map((x) => x.title)).toEqual(["Aerial"]);
    // The end is exclusive: a session starting exactly at `to` is not listed.
    expect(await listSessions(owner, { from: "2026-03-16T00:00:00Z", to: "2026-03-16T17:30:00Z" })).toEqual([]);

    const target = listed[1]!;
    const waiting = await makeClient(owner, "Waiting");
    const left = await makeClient(owner, "Left");
    await owner.db.insert(waitlistEntries).values([
      { studioId: s.studio.id, sessionId: target.id, clientId: waiting.id },
      { studioId: s.studio.id, sessionId: target.id, clientId: left.id, leftAt: NOW },
    ]);
    expect((await getSession(owner, target.id)).waitlisted).toBe(1);
    const again = await listSessions(owner, range);
    expect(again.map((x) => x.waitlisted)).toEqual([0, 1, 0, 0]);
    await owner.db
      .delete(waitlistEntries)
      .where(and(eq(waitlistEntries.studioId, s.studio.id), eq(waitlistEntries.sessionId, target.id)));

    const tooLong = await listSessions(owner, { from: "2026-01-01T00:00:00Z", to: "2026-04-03T00:00:01Z" }).catch(
      (e: unknown) => e,
    );
    expect((tooLong as InvalidInputError).fields.to?.[0]).toMatch(/92 days/);
    await expect(
      listSessions(owner, { from: "2026-04-01T00:00:00Z", to: "2026-03-01T00:00:00Z" }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });
});
