import { z } from "zod";
import { toApiStudio, updateStudioSettings, UpdateStudioSettingsInput } from "@/lib/studios/settings";
import { defineEndpoint } from "../endpoint";

/** B9: forfeit (B7, B3) or a fee. */
export const FeePolicyBody = z
  .object({ kind: z.enum(["forfeit", "fee"]), feeCents: z.number().int().optional() })
  .meta({ id: "FeePolicy" });

export const StudioBody = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    timezone: z.string(),
    currency: z.string(),
    settings: z.object({
      noRestoreAfterNewPass: z.boolean(),
      lateCancelHours: z.number().int(),
      embedOrigins: z.array(z.string()),
      /** J3: hours before a booked session its reminder goes out; null or 0 = none. */
      sessionReminderHours: z.number().int().nullable(),
      /** B8: members book from this many studio days before a session (null = no limit) … */
      bookingOpensDaysBefore: z.number().int().nullable(),
      /** … until this many minutes before it starts. */
      bookingClosesMinutesBefore: z.number().int(),
      /** B10: automatic waitlist promotion stops this many hours before a session; null or 0 = no cutoff. */
      waitlistCutoffHours: z.number().int().nullable(),
      /** B9: a late cancel (inside the B7 window) and a no-show: forfeit the session, or charge `feeCents`. */
      lateCancelPolicy: FeePolicyBody,
      noShowPolicy: FeePolicyBody,
    }),
  })
  .meta({ id: "Studio" });

export const getStudioEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/studio",
  tag: "Studio",
  summary: "The studio this key belongs to.",
  responses: { 200: { description: "The studio.", schema: StudioBody } },
  handle: async (ctx) => ({ body: toApiStudio(ctx.studio) }),
});

export const updateStudioSettingsEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/api/v1/studio/settings",
  tag: "Studio",
  summary:
    "Change the studio's time zone, currency and switches (S6 no-restore, B7 late-cancel window, E3 embed origins, J3 session reminder hours, B8 booking window, B9 late-cancel and no-show policies, B10 waitlist cutoff).",
  body: UpdateStudioSettingsInput,
  responses: { 200: { description: "The studio after the change.", schema: StudioBody } },
  refusals: { 403: ["forbidden"] },
  handle: async (ctx, { body }) => ({ body: toApiStudio(await updateStudioSettings(ctx, body)) }),
});
