import { describe, expect, it } from "vitest";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { call, keyFor } from "@/test/support/api";
import * as clientsRoute from "./clients/route";
import * as clientRoute from "./clients/[id]/route";
import * as classesRoute from "./classes/route";
import * as classSessionsRoute from "./classes/[id]/sessions/route";
import * as sessionRoute from "./sessions/[id]/route";
import * as attendanceRoute from "./sessions/[id]/attendance/route";
import * as waitlistRoute from "./sessions/[id]/waitlist/route";
import * as plansRoute from "./plans/route";
import * as membershipsRoute from "./memberships/route";
import * as membershipRoute from "./memberships/[id]/route";
import * as ledgerRoute from "./memberships/[id]/ledger/route";
import * as bookingsRoute from "./bookings/route";
import * as bookingRoute from "./bookings/[id]/route";
import * as cancelRoute from "./bookings/[id]/cancel/route";
import * as attachRoute from "./bookings/[id]/attach/route";

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

const PACK = {
  name: "8-class pack",
  kind: "sessions",
  priceCents: 12000,
  sessions: 8,
  durationDays: 60,
  permissions: [],
  memberOnlyAccess: false,
  public: true,
};

async function studioWithKey() {
  const s = await makeStudio();
  return { s, key: await keyFor(s) };
}

/** A class with one session three days from now, through the classes API. */
async function newSession(
  key: string,
  cls: { capacity?: number; memberOnly?: boolean; dropInPriceCents?: number } = {},
) {
  const made = await call(classesRoute.POST, {
    key,
    method: "POST",
    body: {
      title: "Morning flow",
      capacity: cls.capacity ?? 10,
      durationMinutes: 60,
      memberOnly: cls.memberOnly ?? false,
      dropInPriceCents: cls.dropInPriceCents,
    },
  });
  expect(made.status).toBe(201);
  const sessions = await call(classSessionsRoute.POST, {
    key,
    method: "POST",
    params: { id: made.body.id },
    body: { startsAt: inDays(3) },
  });
  expect(sessions.status).toBe(201);
  return { classId: made.body.id as string, sessionId: sessions.body.data[0].id as string };
}

async function newClient(key: string, name = "Pat Doe"): Promise<string> {
  const res = await call(clientsRoute.POST, { key, method: "POST", body: { email: uniqueEmail(), name } });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** A client holding a fresh 8-session pack, through POST /plans and POST /memberships. */
async function clientWithPack(key: string, name = "Pat Doe") {
  const clientId = await newClient(key, name);
  const membershipId = await givePack(key, clientId);
  return { clientId, membershipId };
}

async function givePack(key: string, clientId: string): Promise<string> {
  const plan = await call(plansRoute.POST, { key, method: "POST", body: PACK });
  expect(plan.status).toBe(201);
  const m = await call(membershipsRoute.POST, { key, method: "POST", body: { planId: plan.body.id, clientId } });
  expect(m.status).toBe(201);
  return m.body.id;
}

const book = (key: string, body: object) => call(bookingsRoute.POST, { key, method: "POST", body });
const cancel = (key: string, id: string, body: object = {}) =>
  call(cancelRoute.POST, { key, method: "POST", params: { id }, body });
const remaining = async (key: string, membershipId: string) =>
  (await call(membershipRoute.GET, { key, params: { id: membershipId } })).body.sessionsRemaining;

describe("platform API: bookings, waitlist and attendance", () => {
  it("S1, S4: POST /bookings by clientId → 201, the pack pays and loses one session; by default booked by staff", async () => {
    const { key } = await studioWithKey();
    const { sessionId } = await newSession(key);
    const { clientId, membershipId } = await clientWithPack(key);
    const res = await book(key, { sessionId, clientId });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      booking: {
        id: expect.any(String),
        sessionId,
        clientId,
        status: "booked",
        membershipId,
        sessionTaken: true,
        bookedBy: "staff",
        cancelledBy: null,
        cancelledAt: null,
        present: false,
        createdAt: expect.any(String),
      },
      membershipId,
      sessionsRemaining: 7,
    });
    expect(await remaining(key, membershipId)).toBe(7);
    expect((await call(sessionRoute.GET, { key, params: { id: sessionId } })).body).toMatchObject({
      booked: 1,
      waitlisted: 0,
    });
    const ledger = await call(ledgerRoute.GET, { key, params: { id: membershipId } });
    expect(ledger.body.data.at(-1)).toMatchObject({
      delta: -1,
      balanceAfter: 7,
      reason: "booked_by_staff",
      bookingId: res.body.booking.id,
    });
  });

  it("C1, B2: POST /bookings by email+name for a drop-in class creates the client once; a second booking is 409 already_booked", async () => {
    const { key } = await studioWithKey();
    const { sessionId } = await newSession(key, { dropInPriceCents: 1500 });
    const email = uniqueEmail("Walk.In");
    const res = await book(key, { sessionId, email: email.toUpperCase(), name: "Walk In" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      membershipId: null,
      sessionsRemaining: null,
      booking: { membershipId: null, sessionTaken: false },
    });
    const client = await call(clientRoute.GET, { key, params: { id: res.body.booking.clientId } });
    expect(client.status).toBe(200);
    expect(client.body.name).toBe("Walk In");
    expect(client.body.email.toLowerCase()).toBe(email.toLowerCase());
    expect((await call(clientsRoute.GET, { key })).body.data).toHaveLength(1);

    const again = await book(key, { sessionId, email, name: "Walk In" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("already_booked");
    expect((await call(clientsRoute.GET, { key })).body.data).toHaveLength(1);
    expect((await call(sessionRoute.GET, { key, params: { id: sessionId } })).body.booked).toBe(1);
  });

  it("B1: 409 class_full once capacity is reached, and the pack keeps its session", async () => {
    const { key } = await studioWithKey();
    const { sessionId } = await newSession(key, { capacity: 1 });
    const first = await clientWithPack(key, "First");
    const second = await clientWithPack(key, "Second");
    expect((await book(key, { sessionId, clientId: first.clientId })).status).toBe(201);
    const full = await book(key, { sessionId, clientId: second.clientId });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe("class_full");
    expect(await remaining(key, second.membershipId)).toBe(8);
  });

  it("B2: 409 membership_required for a member-only class, with no membership or with a pack without member-only access", async () => {
    const { key } = await studioWithKey();
    const { sessionId } = await newSession(key, { memberOnly: true });
    const none = await book(key, { sessionId, clientId: await newClient(key) });
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe("membership_required");
    const { clientId, membershipId } = await clientWithPack(key);
    const packOnly = await book(key, { sessionId, clientId });
    expect(packOnly.status).toBe(409);
    expect(packOnly.body.error.code).toBe("membership_required");
    expect(await remaining(key, membershipId)).toBe(8);
    expect((await call(sessionRoute.GET, { key, params: { id: sessionId } })).body.booked).toBe(0);
  });

  it("S1: cancel → sessionReturned true and the count back; cancelling again → 409 booking_not_active", async () => {
    const { key } = await studioWithKey();
    const { sessionId } = await newSession(key);
    const { clientId, membershipId } = await clientWithPack(key);
    const booked = await book(key, { sessionId, clientId });
    const dup = await book(key, { sessionId, clientId });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("already_booked");
    const id = booked.body.booking.id as string;

    const res = await cancel(key, id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      booking: expect.objectContaining({
        id,
        status: "cancelled",
        cancelledBy: "staff",
        cancelledAt: expect.any(String),
      }),
      sessionReturned: true,
      sessionsRemaining: 8,
    });
    expect(await remaining(key, membershipId)).toBe(8);
    expect((await call(sessionRoute.GET, { key, params: { id: sessionId } })).body.booked).toBe(0);

    const again = await cancel(key, id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("booking_not_active");
    expect(await remaining(key, membershipId)).toBe(8);
  });

  it("B4: waitlist join only when full (201); a cancel promotes the first waiting client, seen in GET /sessions/{id} and the ledger", async () => {
    const { key } = await studioWithKey();
    const { sessionId } = await newSession(key, { capacity: 1 });
    const first = await clientWithPack(key, "First");
    const waiting = await clientWithPack(key, "Waiting");

    const early = await call(waitlistRoute.POST, {
      key,
      method: "POST",
      params: { id: sessionId },
      body: { clientId: waiting.clientId },
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("places_available");

    const booked = await book(key, { sessionId, clientId: first.clientId });
    expect(booked.status).toBe(201);
    const booker = await call(waitlistRoute.POST, {
      key,
      method: "POST",
      params: { id: sessionId },
      body: { clientId: first.clientId },
    });
    expect(booker.status).toBe(409);
    expect(booker.body.error.code).toBe("already_booked");

    const joined = await call(waitlistRoute.POST, {
      key,
      method: "POST",
      params: { id: sessionId },
      body: { clientId: waiting.clientId },
    });
    expect(joined.status).toBe(201);
    expect(joined.body).toEqual({
      id: expect.any(String),
      sessionId,
      clientId: waiting.clientId,
      position: expect.any(Number),
      createdAt: expect.any(String),
    });
    const byEmail = await call(waitlistRoute.POST, {
      key,
      method: "POST",
      params: { id: sessionId },
      body: { email: uniqueEmail(), name: "Third" },
    });
    expect(byEmail.status).toBe(201);
    expect(byEmail.body.position).toBeGreaterThan(joined.body.position);
    expect((await call(sessionRoute.GET, { key, params: { id: sessionId } })).body).toMatchObject({
      capacity: 1,
      booked: 1,
      waitlisted: 2,
    });

    const cancelled = await cancel(key, booked.body.booking.id);
    expect(cancelled.status).toBe(200);
    expect((await call(sessionRoute.GET, { key, params: { id: sessionId } })).body).toMatchObject({
      capacity: 1,
      booked: 1,
      waitlisted: 1,
    });
    expect(await remaining(key, waiting.membershipId)).toBe(7);
    const ledger = await call(ledgerRoute.GET, { key, params: { id: waiting.membershipId } });
    expect(ledger.body.data.at(-1)).toMatchObject({ delta: -1, balanceAfter: 7, bookingId: expect.any(String) });

    const list = await call(attendanceRoute.GET, { key, params: { id: sessionId } });
    const live = list.body.data.filter((r: { booking: { status: string } }) => r.booking.status === "booked");
    expect(live.map((r: { client: { id: string } }) => r.client.id)).toEqual([waiting.clientId]);
  });

  it("B5, B3: GET /sessions/{id}/attendance lists bookings with clients; PATCH present marks only that; no_show keeps the session spent", async () => {
    const { key } = await studioWithKey();
    const { sessionId } = await newSession(key);
    const a = await clientWithPack(key, "Ada Attends");
    const b = await clientWithPack(key, "Bo Skips");
    const ba = (await book(key, { sessionId, clientId: a.clientId })).body.booking;
    const bb = (await book(key, { sessionId, clientId: b.clientId })).body.booking;

    const list = await call(attendanceRoute.GET, { key, params: { id: sessionId } });
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(2);
    expect(list.body.data[0]).toEqual({
      booking: ba,
      client: { id: a.clientId, name: "Ada Attends", email: expect.stringContaining("@") },
    });

    const present = await call(bookingRoute.PATCH, {
      key,
      method: "PATCH",
      params: { id: ba.id },
      body: { present: true },
    });
    expect(present.status).toBe(200);
    expect(present.body).toEqual({ ...ba, present: true });
    expect(await remaining(key, a.membershipId)).toBe(7);

    const noShow = await call(bookingRoute.PATCH, {
      key,
      method: "PATCH",
      params: { id: bb.id },
      body: { status: "no_show" },
    });
    expect(noShow.status).toBe(200);
    expect(noShow.body).toMatchObject({ id: bb.id, status: "no_show", present: false });
    expect(await remaining(key, b.membershipId)).toBe(7);
    const cancelNoShow = await cancel(key, bb.id);
    expect(cancelNoShow.status).toBe(409);
    expect(cancelNoShow.body.error.code).toBe("booking_not_active");

    const after = await call(attendanceRoute.GET, { key, params: { id: sessionId } });
    expect(
      after.body.data.map((r: { booking: { present: boolean; status: string } }) => [
        r.booking.status,
        r.booking.present,
      ]),
    ).toEqual([
      ["booked", true],
      ["no_show", false],
    ]);
  });

  it("S7: POST /bookings/{id}/attach puts a guest booking on the client's pack, taking a session; twice → 409 already_attached", async () => {
    const { key } = await studioWithKey();
    const { sessionId } = await newSession(key, { dropInPriceCents: 1500 });
    const guest = await book(key, { sessionId, email: uniqueEmail("Guest"), name: "Guest Person" });
    expect(guest.body.membershipId).toBeNull();
    const membershipId = await givePack(key, guest.body.booking.clientId);

    const res = await call(attachRoute.POST, {
      key,
      method: "POST",
      params: { id: guest.body.booking.id },
      body: { membershipId, takeSession: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      booking: { ...guest.body.booking, membershipId, sessionTaken: true },
      sessionsRemaining: 7,
    });
    expect(await remaining(key, membershipId)).toBe(7);
    const ledger = await call(ledgerRoute.GET, { key, params: { id: membershipId } });
    expect(ledger.body.data.at(-1)).toMatchObject({
      delta: -1,
      reason: "converted_guest_booking",
      bookingId: guest.body.booking.id,
    });

    const again = await call(attachRoute.POST, {
      key,
      method: "POST",
      params: { id: guest.body.booking.id },
      body: { membershipId, takeSession: true },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("already_attached");
    expect(await remaining(key, membershipId)).toBe(7);
  });

  it("404 for another studio's session, booking, client or membership on every endpoint, and nothing changes", async () => {
    const a = await studioWithKey();
    const b = await studioWithKey();
    const theirs = await newSession(a.key, { capacity: 1, dropInPriceCents: 1000 });
    const theirClient = await clientWithPack(a.key);
    const theirBooking = (await book(a.key, { sessionId: theirs.sessionId, clientId: theirClient.clientId })).body
      .booking;
    const mine = await newSession(b.key, { dropInPriceCents: 1000 });
    const myClient = await newClient(b.key);
    const myGuest = (await book(b.key, { sessionId: mine.sessionId, clientId: myClient })).body.booking;
    const myFull = await newSession(b.key, { capacity: 1, dropInPriceCents: 1000 });
    expect((await book(b.key, { sessionId: myFull.sessionId, clientId: myClient })).status).toBe(201);
    const missing = "00000000-0000-4000-8000-000000000000";

    const answers = [
      await book(b.key, { sessionId: theirs.sessionId, clientId: myClient }),
      await book(b.key, { sessionId: theirs.sessionId, email: uniqueEmail(), name: "New" }),
      await book(b.key, { sessionId: mine.sessionId, clientId: theirClient.clientId }),
      await book(b.key, {
        sessionId: mine.sessionId,
        email: uniqueEmail(),
        name: "Other",
        membershipId: theirClient.membershipId,
      }),
      await book(b.key, { sessionId: missing, clientId: myClient }),
      await cancel(b.key, theirBooking.id),
      await cancel(b.key, "not-a-uuid"),
      await call(attachRoute.POST, {
        key: b.key,
        method: "POST",
        params: { id: theirBooking.id },
        body: { membershipId: theirClient.membershipId, takeSession: false },
      }),
      await call(attachRoute.POST, {
        key: b.key,
        method: "POST",
        params: { id: myGuest.id },
        body: { membershipId: theirClient.membershipId, takeSession: true },
      }),
      await call(bookingRoute.PATCH, {
        key: b.key,
        method: "PATCH",
        params: { id: theirBooking.id },
        body: { present: true },
      }),
      await call(attendanceRoute.GET, { key: b.key, params: { id: theirs.sessionId } }),
      await call(attendanceRoute.GET, { key: b.key, params: { id: "nope" } }),
      await call(waitlistRoute.POST, {
        key: b.key,
        method: "POST",
        params: { id: theirs.sessionId },
        body: { clientId: myClient },
      }),
      await call(waitlistRoute.POST, {
        key: b.key,
        method: "POST",
        params: { id: myFull.sessionId },
        body: { clientId: theirClient.clientId },
      }),
    ];
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 404));
    expect(answers.every((r) => r.body.error.code === "not_found")).toBe(true);

    expect((await call(sessionRoute.GET, { key: a.key, params: { id: theirs.sessionId } })).body).toMatchObject({
      booked: 1,
      waitlisted: 0,
    });
    expect(await remaining(a.key, theirClient.membershipId)).toBe(7);
    const list = await call(attendanceRoute.GET, { key: a.key, params: { id: theirs.sessionId } });
    expect(list.body.data).toEqual([
      { booking: theirBooking, client: expect.objectContaining({ id: theirClient.clientId }) },
    ]);
    expect((await call(clientsRoute.GET, { key: b.key })).body.data).toHaveLength(1);
  });

  it("400 with fields for bad bodies; 401 without a key", async () => {
    const { key } = await studioWithKey();
    const { sessionId } = await newSession(key);
    const clientId = await newClient(key);
    const id = "00000000-0000-4000-8000-000000000000";

    const cases: [Promise<{ status: number; body: any }>, string][] = [
      [book(key, { clientId }), "sessionId"],
      [book(key, { sessionId }), "clientId"],
      [book(key, { sessionId, clientId, email: uniqueEmail() }), "clientId"],
      [book(key, { sessionId, clientId, name: "No Email" }), "name"],
      [book(key, { sessionId, email: "not an email", name: "X" }), "email"],
      [book(key, { sessionId, clientId, by: "admin" }), "by"],
      [book(key, { sessionId, clientId, extra: 1 }), ""],
      [cancel(key, id, { by: "robot" }), "by"],
      [call(attachRoute.POST, { key, method: "POST", params: { id }, body: { membershipId: id } }), "takeSession"],
      [
        call(attachRoute.POST, { key, method: "POST", params: { id }, body: { membershipId: "x", takeSession: true } }),
        "membershipId",
      ],
      [call(bookingRoute.PATCH, { key, method: "PATCH", params: { id }, body: { status: "cancelled" } }), "status"],
      [call(bookingRoute.PATCH, { key, method: "PATCH", params: { id }, body: { present: "yes" } }), "present"],
      [call(bookingRoute.PATCH, { key, method: "PATCH", params: { id }, body: {} }), ""],
      [call(waitlistRoute.POST, { key, method: "POST", params: { id: sessionId }, body: {} }), "clientId"],
    ];
    for (const [pending, field] of cases) {
      const res = await pending;
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe("invalid_input");
      expect(Object.keys(res.body.error.fields ?? {}).length).toBeGreaterThan(0);
      if (field) expect(res.body.error.fields).toHaveProperty(field);
    }
    expect((await call(sessionRoute.GET, { key, params: { id: sessionId } })).body.booked).toBe(0);

    const unauthenticated = [
      await call(bookingsRoute.POST, { method: "POST", body: { sessionId, clientId } }),
      await call(cancelRoute.POST, { method: "POST", params: { id }, body: {} }),
      await call(attachRoute.POST, { method: "POST", params: { id }, body: { membershipId: id, takeSession: true } }),
      await call(bookingRoute.PATCH, { method: "PATCH", params: { id }, body: { present: true } }),
      await call(attendanceRoute.GET, { params: { id: sessionId } }),
      await call(waitlistRoute.POST, { method: "POST", params: { id: sessionId }, body: { clientId } }),
    ];
    expect(unauthenticated.map((r) => r.status)).toEqual(unauthenticated.map(() => 401));
  });
});
