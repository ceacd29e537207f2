import { z } from "zod";
import { CreateClassInput, CreateSessionsInput, ListSessionsInput, toApiClass, toApiSession } from "@/lib/classes/class-input";
import { createClass } from "@/lib/classes/classes";
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
  })
  .meta({ id: "Session" });

/** API.md "Classes and sessions": memberOnly is stated, not defaulted. */
export const CreateClassBody = CreateClassInput.extend({ memberOnly: z.boolean({ error: "Say whether the class is member-only." }) }).strict();

export const createClassEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/classes",
  tag: "Classes",
  summary: "Create a class: its title, capacity (B1), length in minutes, whether it is member-only (B2) and its drop-in price.",
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
  responses: { 201: { description: "The sessions created, by start.", schema: z.object({ data: z.array(SessionBody) }) } },
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
  summary: "Sessions starting from `from` (inclusive) to `to` (exclusive), ISO 8601 instants at most 92 days apart, by start; optionally one class's.",
  query: ListSessionsInput,
  responses: { 200: { description: "The sessions in the range, in one list.", schema: z.object({ data: z.array(SessionBody) }) } },
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
