import { z } from "zod";
import { toApiStudio, updateStudioSettings, UpdateStudioSettingsInput } from "@/lib/studios/settings";
import { defineEndpoint } from "../endpoint";

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
  summary: "Change the studio's time zone, currency and switches (S6 no-restore, B7 late-cancel window, E3 embed origins).",
  body: UpdateStudioSettingsInput,
  responses: { 200: { description: "The studio after the change.", schema: StudioBody } },
  refusals: { 403: ["forbidden"] },
  handle: async (ctx, { body }) => ({ body: toApiStudio(await updateStudioSettings(ctx, body)) }),
});
