import { z } from "zod";
import { bookingActor, bookingStatus } from "@/db/schema";
import {
  AttachBookingInput,
  attachBooking,
  getAttendance,
  MarkAttendanceInput,
  markAttendance,
} from "@/lib/bookings/attendance";
import { bookSession, BookSessionFields } from "@/lib/bookings/book-session";
import { clientChoiceRules } from "@/lib/bookings/book-session/resolve-client";
import { toApiBooking, toApiWaitlistEntry } from "@/lib/bookings/booking-output";
import { cancelBooking, CancelBookingInput } from "@/lib/bookings/cancel-booking";
import { joinWaitlist, JoinWaitlistFields } from "@/lib/bookings/waitlist";
import { defineEndpoint, IdParams } from "../endpoint";

const Instant = z.iso.datetime({ offset: true });

export const BookingBody = z
  .object({
    id: z.uuid(),
    sessionId: z.uuid(),
    clientId: z.uuid(),
    status: z.enum(bookingStatus.enumValues),
    /** The membership that pays (S4); null for a drop-in or guest booking. */
    membershipId: z.uuid().nullable(),
    /** Whether a pack session was taken for it (S1). */
    sessionTaken: z.boolean(),
    bookedBy: z.enum(bookingActor.enumValues),
    cancelledBy: z.enum(bookingActor.enumValues).nullable(),
    cancelledAt: Instant.nullable(),
    /** B5: marked present on the attendance list. */
    present: z.boolean(),
    createdAt: Instant,
  })
  .meta({ id: "Booking" });

export const WaitlistEntryBody = z
  .object({ id: z.uuid(), sessionId: z.uuid(), clientId: z.uuid(), position: z.number().int(), createdAt: Instant })
  .meta({ id: "WaitlistEntry" });

/**
 * The bodies are the verbs' own fields with the verbs' own client-choice rule (exactly one of clientId or email, a
 * name only with an email): the same rule at every door (STYLE Dec 2026 #3), answered 400 invalid_input.
 */
export const CreateBookingBody = BookSessionFields.strict().superRefine(clientChoiceRules({ required: true }));

export const JoinWaitlistBody = JoinWaitlistFields.omit({ sessionId: true })
  .strict()
  .superRefine(clientChoiceRules({ required: true }));

export const createBookingEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/bookings",
  tag: "Bookings",
  summary:
    "Book a place in a session for a client (by id, or by email: found or created per C1). The paying membership is chosen by S4 " +
    "(or named with membershipId); a pack loses one session (S1). Without a membership a member-only class refuses (B2) and another " +
    "class is a drop-in with its price due (P0). `by` defaults to staff; a booking `by: member` keeps to the booking window (B8).",
  body: CreateBookingBody,
  responses: {
    201: {
      description:
        "The booking, the membership that pays (null for a drop-in) and the pack's sessions left (null when no pack paid).",
      schema: z.object({
        booking: BookingBody,
        membershipId: z.uuid().nullable(),
        sessionsRemaining: z.number().int().nullable(),
      }),
    },
  },
  refusals: {
    409: [
      "class_full",
      "no_sessions_left",
      "membership_required",
      "membership_not_active",
      "already_booked",
      "session_started",
      "session_cancelled",
      "form_required",
      "booking_limit_reached",
      "booking_not_open",
      "booking_closed",
    ],
  },
  handle: async (ctx, { body }) => {
    const r = await bookSession(ctx, body);
    return {
      status: 201,
      body: { booking: toApiBooking(r.booking), membershipId: r.membershipId, sessionsRemaining: r.sessionsRemaining },
    };
  },
});

export const cancelBookingEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/bookings/{id}/cancel",
  tag: "Bookings",
  summary:
    "Cancel a booking before its session starts: the place frees up and goes to the first waiting client who can pay (B4); " +
    "a pack session taken for it comes back (S1) unless a member cancels late (B7) or a newer pack was bought (S6). `by` defaults to staff.",
  params: IdParams,
  body: CancelBookingInput.strict(),
  responses: {
    200: {
      description:
        "The booking after, whether a session was returned, and the pack's sessions left (null when no pack paid).",
      schema: z.object({
        booking: BookingBody,
        sessionReturned: z.boolean(),
        sessionsRemaining: z.number().int().nullable(),
      }),
    },
  },
  refusals: { 409: ["booking_not_active", "session_started"] },
  handle: async (ctx, { params, body }) => {
    const r = await cancelBooking(ctx, params.id, body);
    return {
      body: {
        booking: toApiBooking(r.booking),
        sessionReturned: r.sessionReturned,
        sessionsRemaining: r.sessionsRemaining,
      },
    };
  },
});

export const attachBookingEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/bookings/{id}/attach",
  tag: "Bookings",
  summary:
    "Attach a guest booking to one of the same client's memberships; takeSession takes one session from a pack (S7).",
  params: IdParams,
  body: AttachBookingInput.strict(),
  responses: {
    200: {
      description: "The booking after and the pack's sessions left (null for a membership without a count).",
      schema: z.object({ booking: BookingBody, sessionsRemaining: z.number().int().nullable() }),
    },
  },
  refusals: { 409: ["already_attached", "booking_not_active", "membership_not_active", "no_sessions_left"] },
  handle: async (ctx, { params, body }) => {
    const r = await attachBooking(ctx, params.id, body);
    return { body: { booking: toApiBooking(r.booking), sessionsRemaining: r.sessionsRemaining } };
  },
});

export const markAttendanceEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/api/v1/bookings/{id}",
  tag: "Bookings",
  summary:
    "Mark a booking present or not (B5; nothing else changes), or a no-show, which keeps its place and its session spent (B3).",
  params: IdParams,
  body: MarkAttendanceInput,
  responses: { 200: { description: "The booking after.", schema: BookingBody } },
  refusals: { 409: ["booking_not_active"] },
  handle: async (ctx, { params, body }) => ({ body: toApiBooking(await markAttendance(ctx, params.id, body)) }),
});

export const AttendanceRowBody = z
  .object({ booking: BookingBody, client: z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable() }) })
  .meta({ id: "AttendanceRow" });

export const getAttendanceEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/sessions/{id}/attendance",
  tag: "Classes",
  summary: "A session's attendance list (B5): every booking with its client, cancelled ones last.",
  params: IdParams,
  responses: { 200: { description: "The attendance list.", schema: z.object({ data: z.array(AttendanceRowBody) }) } },
  handle: async (ctx, { params }) => ({
    body: {
      data: (await getAttendance(ctx, params.id)).map((r) => ({
        booking: toApiBooking(r.booking),
        client: { id: r.booking.clientId, name: r.clientName, email: r.clientEmail },
      })),
    },
  }),
});

export const joinWaitlistEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/sessions/{id}/waitlist",
  tag: "Classes",
  summary:
    "Put a client (by id, or by email: found or created per C1) on a full session's waitlist, first come first served (B4). " +
    "A client already waiting keeps their place.",
  params: IdParams,
  body: JoinWaitlistBody,
  responses: { 201: { description: "The waitlist place.", schema: WaitlistEntryBody } },
  refusals: { 409: ["places_available", "already_booked", "session_started", "session_cancelled"] },
  handle: async (ctx, { params, body }) => ({
    status: 201,
    body: toApiWaitlistEntry(await joinWaitlist(ctx, { ...body, sessionId: params.id })),
  }),
});
