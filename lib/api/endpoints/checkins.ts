import { z } from "zod";
import { membershipStatus } from "@/db/schema";
import { toApiBooking } from "@/lib/bookings/booking-output";
import { checkIn, CheckInFields, checkInRules } from "@/lib/checkins/check-in";
import { defineEndpoint } from "../endpoint";
import { BookingBody } from "./bookings";

export const CheckInBody = z
  .object({
    client: z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable() }),
    booking: BookingBody,
    memberships: z.array(
      z.object({
        id: z.uuid(),
        plan: z.object({ id: z.uuid(), name: z.string() }),
        status: z.enum(membershipStatus.enumValues).describe("The effective status now (M4)."),
        canPay: z.boolean().describe("O2: can pay for a booking now: active, started and, for a pack, a session left."),
      }),
    ),
  })
  .meta({ id: "CheckIn" });

export const createCheckInEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/check-ins",
  tag: "Front desk",
  summary:
    "Check a person in (O2), named by a member card's token or a client id. With a sessionId: that session today (the studio's " +
    "zone); without: their next booked session today not yet checked in. A booking is marked present; a walk-in is booked " +
    "first as any booking is (S4: a covering membership, else the pack ending soonest, else a drop-in due) and answers 201.",
  body: CheckInFields.strict().superRefine(checkInRules),
  responses: {
    200: { description: "The person, their booking (present) and memberships, each with canPay.", schema: CheckInBody },
    201: { description: "A walk-in: the booking was made and checked in.", schema: CheckInBody },
  },
  refusals: {
    409: [
      "not_booked_today",
      "session_not_today",
      "session_cancelled",
      "session_started",
      "class_full",
      "no_sessions_left",
      "membership_required",
      "booking_limit_reached",
    ],
  },
  handle: async (ctx, { body }) => {
    const r = await checkIn(ctx, body);
    return {
      status: r.booked ? 201 : 200,
      body: {
        client: r.client,
        booking: toApiBooking(r.booking),
        memberships: r.memberships.map((m) => ({ id: m.id, plan: m.plan, status: m.status, canPay: m.canPay })),
      },
    };
  },
});
