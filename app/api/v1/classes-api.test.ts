import { describe, expect, it } from "vitest";
import { makeStudio } from "@/test/support/fixtures";
import { call, keyFor } from "@/test/support/api";
import * as classesRoute from "./classes/route";
import * as classSessionsRoute from "./classes/[id]/sessions/route";
import * as sessionsRoute from "./sessions/route";
import * as sessionRoute from "./sessions/[id]/route";

const YOGA = { title: "Evening yoga", capacity: 12, durationMinutes: 60, memberOnly: false, location: "Studio A" };

describe("platform API: classes and sessions", () => {
  it("POST /classes → 201; POST /classes/{id}/sessions weekly → 201 {data} at 18:30 Warsaw time across the DST change (B6)", async () => {
    const s = await makeStudio({ timezone: "Europe/Warsaw" });
    const key = await keyFor(s);
    const cls = await call(classesRoute.POST, { key, method: "POST", body: { ...YOGA, dropInPriceCents: 2000 } });
    expect(cls.status).toBe(201);
    expect(cls.body).toMatchObject({ ...YOGA, dropInPriceCents: 2000, description: null, archived: false });
    const id = cls.body.id as string;
    const weekly = { weekly: { days: ["mon", "wed"], time: "18:30", from: "2026-03-16", until: "2026-04-08" } };
    const made = await call(classSessionsRoute.POST, { key, method: "POST", params: { id }, body: weekly });
    expect(made.status).toBe(201);
    expect(made.body.data.map((x: { startsAt: string }) => x.startsAt)).toEqual([
      "2026-03-16T17:30:00.000Z",
      "2026-03-18T17:30:00.000Z",
      "2026-03-23T17:30:00.000Z",
      "2026-03-25T17:30:00.000Z",
      "2026-03-30T16:30:00.000Z",
      "2026-04-01T16:30:00.000Z",
      "2026-04-06T16:30:00.000Z",
      "2026-04-08T16:30:00.000Z",
    ]);
    expect(made.body.data[0]).toMatchObject({
      classId: id,
      title: "Evening yoga",
      capacity: 12,
      booked: 0,
      waitlisted: 0,
      cancelled: false,
    });
    const again = await call(classSessionsRoute.POST, { key, method: "POST", params: { id }, body: weekly });
    expect(again.status).toBe(201);
    expect(again.body.data).toEqual([]);

    const one = await call(classSessionsRoute.POST, {
      key,
      method: "POST",
      params: { id },
      body: { startsAt: "2026-04-02T07:00:00+02:00" },
    });
    expect(one.status).toBe(201);
    expect(one.body.data).toHaveLength(1);
    expect(one.body.data[0]).toMatchObject({
      startsAt: "2026-04-02T05:00:00.000Z",
      endsAt: "2026-04-02T06:00:00.000Z",
    });

    const list = await call(sessionsRoute.GET, {
      key,
      path: `/api/v1/sessions?from=${encodeURIComponent("2026-03-30T00:00:00+02:00")}&to=${encodeURIComponent("2026-04-03T00:00:00+02:00")}`,
    });
    expect(list.status).toBe(200);
    expect(list.body.data.map((x: { startsAt: string }) => x.startsAt)).toEqual([
      "2026-03-30T16:30:00.000Z",
      "2026-04-01T16:30:00.000Z",
      "2026-04-02T05:00:00.000Z",
    ]);
    const got = await call(sessionRoute.GET, { key, params: { id: one.body.data[0].id } });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(one.body.data[0]);
  });

  it("400 with fields: capacity 0, memberOnly missing, time 25:00, sessions range missing or over 92 days", async () => {
    const s = await makeStudio();
    const key = await keyFor(s);
    const bad = await call(classesRoute.POST, {
      key,
      method: "POST",
      body: { title: "X", capacity: 0, durationMinutes: 60 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_input");
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["capacity", "memberOnly"]);
    const id = (await call(classesRoute.POST, { key, method: "POST", body: YOGA })).body.id as string;
    const time = await call(classSessionsRoute.POST, {
      key,
      method: "POST",
      params: { id },
      body: { weekly: { days: ["mon"], time: "25:00", from: "2026-03-01", until: "2026-03-31" } },
    });
    expect(time.status).toBe(400);
    expect(Object.keys(time.body.error.fields)).toEqual(["weekly.time"]);
    const cap = await call(classSessionsRoute.POST, {
      key,
      method: "POST",
      params: { id },
      body: {
        weekly: {
          days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
          time: "07:00",
          from: "2026-01-01",
          until: "2027-06-30",
        },
      },
    });
    expect(cap.status).toBe(400);
    expect(Object.keys(cap.body.error.fields)).toEqual(["weekly.until"]);
    expect((await call(classSessionsRoute.POST, { key, method: "POST", params: { id }, body: {} })).status).toBe(400);
    const noRange = await call(sessionsRoute.GET, { key, path: "/api/v1/sessions" });
    expect(noRange.status).toBe(400);
    expect(Object.keys(noRange.body.error.fields).sort()).toEqual(["from", "to"]);
    const tooLong = await call(sessionsRoute.GET, {
      key,
      path: "/api/v1/sessions?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z",
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.fields.to[0]).toMatch(/92 days/);
  });

  it("404 for another studio's class and session ids; 401 without a key", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const keyA = await keyFor(a);
    const keyB = await keyFor(b);
    const id = (await call(classesRoute.POST, { key: keyA, method: "POST", body: YOGA })).body.id as string;
    const made = await call(classSessionsRoute.POST, {
      key: keyA,
      method: "POST",
      params: { id },
      body: { startsAt: "2026-05-01T09:00:00Z" },
    });
    const sessionId = made.body.data[0].id as string;
    const theirs = await call(classSessionsRoute.POST, {
      key: keyB,
      method: "POST",
      params: { id },
      body: { startsAt: "2026-05-02T09:00:00Z" },
    });
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe("not_found");
    expect((await call(sessionRoute.GET, { key: keyB, params: { id: sessionId } })).status).toBe(404);
    expect((await call(sessionRoute.GET, { key: keyA, params: { id: "nope" } })).status).toBe(404);
    const listB = await call(sessionsRoute.GET, {
      key: keyB,
      path: "/api/v1/sessions?from=2026-04-15T00:00:00Z&to=2026-05-15T00:00:00Z",
    });
    expect(listB.body.data).toEqual([]);
    const listA = await call(sessionsRoute.GET, {
      key: keyA,
      path: "/api/v1/sessions?from=2026-04-15T00:00:00Z&to=2026-05-15T00:00:00Z",
    });
    expect(listA.body.data.map((x: { id: string }) => x.id)).toEqual([sessionId]);

    expect((await call(classesRoute.POST, { method: "POST", body: YOGA })).status).toBe(401);
    expect(
      (
        await call(classSessionsRoute.POST, {
          method: "POST",
          params: { id },
          body: { startsAt: "2026-05-02T09:00:00Z" },
        })
      ).status,
    ).toBe(401);
    expect(
      (await call(sessionsRoute.GET, { path: "/api/v1/sessions?from=2026-04-15T00:00:00Z&to=2026-05-15T00:00:00Z" }))
        .status,
    ).toBe(401);
    expect((await call(sessionRoute.GET, { params: { id: sessionId } })).status).toBe(401);
  });
});
