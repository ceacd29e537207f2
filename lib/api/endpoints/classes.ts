import { z } from "zod";
import {
  CreateClassInput,
  CreateSessionsInput,
  ListSessionsInput,
  toApiClass,
  toApiSession,
  UpdateClassInput,
  UpdateSessionInput,
} from "@/lib/classes/class-input";
import { cancelSeries, CancelSeriesInput, cancelSession, CancelSessionInput } from "@/lib/bookings/cancel-session";
import { createClass, updateClass } from "@/lib/classes/classes";
import { updateSession } from "@/lib/classes/edit-session";
import { createSessions, getSession, listSessions } from "@/lib/classes/sessions";
import { defineEndpoint, IdParams } from "../endpoint";

const Instant = z.iso.datetime({ offset: true });

export const ClassBody = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string().nullable(),
    capacity: z.number().int(),
    durationMinutes: z.number().int(),
    location: z.string().nullable(),
    memberOnly: z.boolean(),
    dropInPriceCents: z.number().int().nullable(),
    /** T3: the default instructor (a staff id, GET /api/v1/staff), or null. */
    instructorId: z.uuid().nullable(),
    archived: z.boolean(),
    createdAt: Instant,
  })
  .meta({ id: "Class" });

export const SessionBody = z
  .object({
    id: z.uuid(),
    classId: z.uuid(),
    title: z.string(),
    startsAt: Instant,
    endsAt: Instant,
    capacity: z.number().int(),
    /** Places booked (B1). */
    booked: z.number().int(),
    /** Clients still waiting for a place (B4). */
    waitlisted: z.number().int(),
    cancelled: z.boolean(),
    location: z.string().nullable(),
    memberOnly: z.boolean(),
    /** T3: who teaches it: the session's substitute, else the class's instructor; null when nobody is named. */
    instructorId: z.uuid().nullable(),
  })
  .meta({ id: "Session" });

/** API.md "Classes and sessions": memberOnly is stated, not defaulted. */
export const CreateClassBody = CreateClassInput.extend({
  memberOnly: z.boolean({ error: "Say whether the class is member-only." }),
}).strict();

export const createClassEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/classes",
  tag: "Classes",
  summary:
    "Create a class: its title, capacity (B1), length in minutes, whether it is member-only (B2) and its drop-in price.",
  body: CreateClassBody,
  responses: { 201: { description: "The new class.", schema: ClassBody } },
  handle: async (ctx, { body }) => ({ status: 201, body: toApiClass(await createClass(ctx, body)) }),
});

export const createSessionsEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/classes/{id}/sessions",
  tag: "Classes",
  summary:
    "Schedule sessions: one at startsAt (ISO 8601 with offset), or weekly {days, time, from, until} in the studio's time zone, " +
    "keeping the wall-clock time across daylight-saving changes (B6); from and until are inclusive studio days, at most 366 sessions. " +
    "Starts the class already has are skipped; the answer lists only the sessions created.",
  params: IdParams,
  body: CreateSessionsInput,
  responses: {
    201: { description: "The sessions created, by start.", schema: z.object({ data: z.array(SessionBody) }) },
  },
  refusals: { 409: ["class_archived"] },
  handle: async (ctx, { params, body }) => ({
    status: 201,
    body: { data: (await createSessions(ctx, params.id, body)).map(toApiSession) },
  }),
});

export const listSessionsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/sessions",
  tag: "Classes",
  summary:
    "Sessions starting from `from` (inclusive) to `to` (exclusive), ISO 8601 instants at most 92 days apart, by start; optionally one class's.",
  query: ListSessionsInput,
  responses: {
    200: { description: "The sessions in the range, in one list.", schema: z.object({ data: z.array(SessionBody) }) },
  },
  handle: async (ctx, { query }) => ({ body: { data: (await listSessions(ctx, query)).map(toApiSession) } }),
});

export const getSessionEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/sessions/{id}",
  tag: "Classes",
  summary: "One session with its capacity, booked places and clients waiting.",
  params: IdParams,
  responses: { 200: { description: "The session.", schema: SessionBody } },
  handle: async (ctx, { params }) => ({ body: toApiSession(await getSession(ctx, params.id)) }),
});

export const updateClassEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/api/v1/classes/{id}",
  tag: "Classes",
  summary:
    "Edit a class (O1): any of its fields, its default instructor (T3), or `archived` (no new sessions; existing ones stay). " +
    "Sessions already scheduled keep their own capacity and times.",
  params: IdParams,
  body: UpdateClassInput,
  responses: { 200: { description: "The class after.", schema: ClassBody } },
  handle: async (ctx, { params, body }) => ({ body: toApiClass(await updateClass(ctx, params.id, body)) }),
});

export const updateSessionEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/api/v1/sessions/{id}",
  tag: "Classes",
  summary:
    "Edit one session (O1): start (ISO 8601 with offset), length, capacity (never below the places booked), " +
    "instructor (null: the class's) and location (null: the class's). Moving a booked session mails each client booked.",
  params: IdParams,
  body: UpdateSessionInput,
  responses: { 200: { description: "The session after.", schema: SessionBody } },
  refusals: { 409: ["capacity_below_booked", "session_cancelled", "session_started", "session_exists"] },
  handle: async (ctx, { params, body }) => ({ body: toApiSession(await updateSession(ctx, params.id, body)) }),
});

export const cancelSessionEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/sessions/{id}/cancel",
  tag: "Classes",
  summary:
    "Cancel a session (O1): every booking is cancelled with its pack session returned (S1), the waitlist closes " +
    "and each client booked is mailed.",
  params: IdParams,
  body: CancelSessionInput.strict(),
  responses: {
    200: {
      description: "The session after, and how many bookings were cancelled and pack sessions returned.",
      schema: z.object({
        session: SessionBody,
        bookingsCancelled: z.number().int(),
        sessionsReturned: z.number().int(),
      }),
    },
  },
  refusals: { 409: ["session_cancelled", "session_started"] },
  handle: async (ctx, { params, body }) => {
    const r = await cancelSession(ctx, params.id, body);
    return { body: { ...r, session: toApiSession(r.session) } };
  },
});

export const cancelSeriesEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/classes/{id}/sessions/cancel",
  tag: "Classes",
  summary:
    "Cancel a class's sessions from a studio day on (`from`, YYYY-MM-DD in the studio's zone; O1), each as " +
    "POST /sessions/{id}/cancel does. Sessions already cancelled or started are left alone.",
  params: IdParams,
  body: CancelSeriesInput,
  responses: {
    200: { description: "The sessions cancelled, by start.", schema: z.object({ data: z.array(SessionBody) }) },
  },
  refusals: { 409: ["too_many_sessions"] },
  handle: async (ctx, { params, body }) => ({
    body: { data: (await cancelSeries(ctx, params.id, body)).map(toApiSession) },
  }),
});
