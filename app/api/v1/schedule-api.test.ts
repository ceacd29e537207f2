import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { messages } from "@/db/schema";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { call, keyFor } from "@/test/support/api";
import * as classesRoute from "./classes/route";
import * as classRoute from "./classes/[id]/route";
import * as classSessionsRoute from "./classes/[id]/sessions/route";
import * as cancelSeriesRoute from "./classes/[id]/sessions/cancel/route";
import * as sessionRoute from "./sessions/[id]/route";
import * as cancelSessionRoute from "./sessions/[id]/cancel/route";
import * as bookingsRoute from "./bookings/route";
import * as paymentsRoute from "./payments/route";
import * as markPaidRoute from "./payments/[id]/mark-paid/route";

const DAY = 86_400_000;
/** A studio day `n` days from now, "YYYY-MM-DD" (Warsaw is close enough to UTC for whole days ahead). */
const dayAhead = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

async function scheduled() {
  const s = await makeStudio({ timezone: "Europe/Warsaw" });
  const key = await keyFor(s);
  const cls = await call(classesRoute.POST, {
    key,
    method: "POST",
    body: { title: "Mat pilates", capacity: 4, durationMinutes: 60, memberOnly: false, dropInPriceCents: 3000 },
  });
  const id = cls.body.id as string;
  const made = await call(classSessionsRoute.POST, {
    key,
    method: "POST",
    params: { id },
    body: {
      weekly: {
        days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        time: "18:00",
        from: dayAhead(3),
        until: dayAhead(9),
      },
    },
  });
  expect(made.body.data).toHaveLength(7);
  return { s, key, classId: id, sessions: made.body.data as { id: string; startsAt: string }[] };
}

async function book(key: string, sessionId: string, name: string) {
  const r = await call(bookingsRoute.POST, {
    key,
    method: "POST",
    body: { sessionId, email: uniqueEmail("api"), name, by: "staff" },
  });
  expect(r.status).toBe(201);
  return r.body;
}

describe("platform API: editing and cancelling the schedule (O1) and payments due (O3)", () => {
  it("O1: PATCH /classes/{id} edits and archives; PATCH /sessions/{id} moves a booked session and mails; 409 capacity_below_booked", async () => {
    const { s, key, classId, sessions } = await scheduled();
    const edited = await call(classRoute.PATCH, {
      key,
      method: "PATCH",
      params: { id: classId },
      body: { title: "Mat pilates II", archived: true },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: classId, title: "Mat pilates II", archived: true });
    const back = await call(classRoute.PATCH, {
      key,
      method: "PATCH",
      params: { id: classId },
      body: { archived: false },
    });
    expect(back.body.archived).toBe(false);

    const target = sessions[0]!;
    await book(key, target.id, "Ola");
    await book(key, target.id, "Ida");
    const tooSmall = await call(sessionRoute.PATCH, {
      key,
      method: "PATCH",
      params: { id: target.id },
      body: { capacity: 1 },
    });
    expect(tooSmall.status).toBe(409);
    expect(tooSmall.body.error.code).toBe("capacity_below_booked");
    const later = new Date(new Date(target.startsAt).getTime() + 2 * 3600_000).toISOString();
    const moved = await call(sessionRoute.PATCH, {
      key,
      method: "PATCH",
      params: { id: target.id },
      body: { startsAt: later, durationMinutes: 75, capacity: 2, location: "Garden" },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ startsAt: later, capacity: 2, booked: 2, location: "Garden" });
    expect(new Date(moved.body.endsAt).getTime() - new Date(later).getTime()).toBe(75 * 60_000);
    const owner = await s.owner();
    const mails = await owner.db
      .select()
      .from(messages)
      .where(and(eq(messages.studioId, s.studio.id), eq(messages.kind, "session_moved")));
    expect(mails).toHaveLength(2);
    const bad = await call(sessionRoute.PATCH, {
      key,
      method: "PATCH",
      params: { id: target.id },
      body: { capacity: 0, startsAt: "tomorrow", colour: "red" },
    });
    expect(bad.status).toBe(400);
  });

  it("O1: POST /sessions/{id}/cancel → {session, bookingsCancelled, sessionsReturned}; POST /classes/{id}/sessions/cancel {from} → {data}", async () => {
    const { key, classId, sessions } = await scheduled();
    await book(key, sessions[0]!.id, "Ola");
    const one = await call(cancelSessionRoute.POST, {
      key,
      method: "POST",
      params: { id: sessions[0]!.id },
      body: { reason: "Heating broken" },
    });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ session: { id: sessions[0]!.id, cancelled: true }, bookingsCancelled: 1 });
    expect(typeof one.body.sessionsReturned).toBe("number");
    const again = await call(cancelSessionRoute.POST, {
      key,
      method: "POST",
      params: { id: sessions[0]!.id },
      body: {},
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("session_cancelled");

    const series = await call(cancelSeriesRoute.POST, {
      key,
      method: "POST",
      params: { id: classId },
      body: { from: dayAhead(6) },
    });
    expect(series.status).toBe(200);
    expect(series.body.data.map((x: { id: string }) => x.id)).toEqual(sessions.slice(3).map((x) => x.id));
    expect(series.body.data.every((x: { cancelled: boolean }) => x.cancelled)).toBe(true);
    const badDay = await call(cancelSeriesRoute.POST, { key, method: "POST", params: { id: classId }, body: {} });
    expect(badDay.status).toBe(400);
    expect(Object.keys(badDay.body.error.fields)).toEqual(["from"]);
  });

  it("O3: GET /payments?status=due lists drop-ins due with the total; mark-paid takes one off; another studio's key sees none", async () => {
    const { s, key, sessions } = await scheduled();
    await book(key, sessions[1]!.id, "Ola");
    await book(key, sessions[2]!.id, "Ida");
    const due = await call(paymentsRoute.GET, { key, path: "/api/v1/payments?status=due&kind=drop_in" });
    expect(due.status).toBe(200);
    expect(due.body.data).toHaveLength(2);
    expect(due.body.data[0]).toMatchObject({
      status: "due",
      kind: "drop_in",
      amountCents: 3000,
      label: "Mat pilates",
      client: { name: "Ola" },
      sessionStartsAt: sessions[1]!.startsAt,
    });
    expect(due.body.totals).toEqual([{ currency: s.studio.currency, amountCents: 6000, count: 2 }]);
    expect(due.body.nextCursor).toBeNull();
    const paid = await call(markPaidRoute.POST, {
      key,
      method: "POST",
      params: { id: due.body.data[0].id },
      body: { method: "card_terminal" },
    });
    expect(paid.status).toBe(200);
    const after = await call(paymentsRoute.GET, { key, path: "/api/v1/payments?status=due" });
    expect(after.body.data.map((d: { client: { name: string } }) => d.client.name)).toEqual(["Ida"]);
    const wrong = await call(paymentsRoute.GET, { key, path: "/api/v1/payments?status=paid" });
    expect(wrong.status).toBe(400);
    const other = await keyFor(await makeStudio());
    const foreign = await call(paymentsRoute.GET, { key: other, path: "/api/v1/payments?status=due" });
    expect(foreign.body).toMatchObject({ data: [], nextCursor: null, totals: [] });
  });
});
