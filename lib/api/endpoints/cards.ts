import { z } from "zod";
import { membershipStatus } from "@/db/schema";
import { getCard, toApiCard } from "@/lib/cards/get-card";
import { defineEndpoint } from "../endpoint";

const Instant = z.iso.datetime({ offset: true });

export const CardBody = z
  .object({
    client: z.object({
      id: z.uuid(),
      name: z.string(),
      email: z.string().nullable(),
      pictureUrl: z.string().nullable(),
      memberSince: Instant.nullable(),
    }),
    memberships: z.array(
      z.object({
        id: z.uuid(),
        plan: z.object({ id: z.uuid(), name: z.string() }),
        status: z
          .enum(membershipStatus.enumValues)
          .describe("The effective status now (M4): a past end reads expired."),
        active: z.boolean().describe("Grants rights now (M3): active and started."),
        canPay: z.boolean().describe("O2: can pay for a booking now: active, started and, for a pack, a session left."),
        standing: z
          .enum(["active", "not_started", "no_sessions_left", "past_due", "suspended", "cancelled", "expired"])
          .describe("O2: why it can (active) or cannot pay for a booking now."),
        inherited: z.boolean().describe("Held by a company the client is linked to (M7)."),
        startsAt: Instant,
        endsAt: Instant.nullable(),
        suspendedFrom: Instant.nullable(),
        suspendedUntil: Instant.nullable(),
        sessionsTotal: z.number().int().nullable(),
        sessionsRemaining: z.number().int().nullable(),
      }),
    ),
    summary: z.enum(["active", "no_active_membership"]),
  })
  .meta({ id: "Card" });

/** The token in the path: the bare token or the QR content; a malformed one is a 404, like an unknown one. */
export const CardTokenParams = z.object({ token: z.string() });

export const getCardEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/cards/{token}",
  tag: "Member card",
  summary: "The client behind a member card's token and each membership's effective status (W1).",
  params: CardTokenParams,
  responses: { 200: { description: "The card's client and memberships.", schema: CardBody } },
  handle: async (ctx, { params }) => ({ body: toApiCard(await getCard(ctx, params.token)) }),
});
