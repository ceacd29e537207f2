import { z } from "zod";
import { promoAppliesTo } from "@/db/schema";
import { createPromoCode, listPromoCodes, PromoCodeFields, promoCodeRules, toApiPromoCode } from "@/lib/offers";
import { defineEndpoint } from "../endpoint";

const Instant = z.iso.datetime({
  offset: true,
  error: "Use an ISO 8601 time with an offset, e.g. 2026-05-01T09:00:00+02:00.",
});

export const PromoCodeBody = z
  .object({
    id: z.uuid(),
    code: z.string(),
    percentOff: z.number().int().nullable(),
    amountOffCents: z.number().int().nullable(),
    planIds: z.array(z.uuid()),
    validFrom: Instant.nullable(),
    validUntil: Instant.nullable(),
    maxUses: z.number().int().nullable(),
    maxUsesPerClient: z.number().int().nullable(),
    appliesTo: z.enum(promoAppliesTo.enumValues),
    /** Redemptions so far (M12). */
    uses: z.number().int(),
    active: z.boolean(),
    createdAt: Instant,
  })
  .meta({ id: "PromoCode" });

/** The verb's own fields and rules (STYLE Dec 2026 #3), with times as ISO strings. */
export const CreatePromoCodeBody = PromoCodeFields.extend({
  validFrom: Instant.optional(),
  validUntil: Instant.optional(),
})
  .strict()
  .superRefine(promoCodeRules);

export const createPromoCodeEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/promo-codes",
  tag: "Promo codes",
  summary:
    "Create a promo code (M12): percentOff or amountOffCents, for the plans listed, valid between validFrom and " +
    "validUntil, with maxUses in all and maxUsesPerClient, off the first or every recurring payment. Codes are " +
    "matched without regard to case and unique per studio. Memberships take it as `promoCode`.",
  operationId: "createPromoCode",
  body: CreatePromoCodeBody,
  responses: { 201: { description: "The new promo code.", schema: PromoCodeBody } },
  handle: async (ctx, { body }) => ({ status: 201, body: toApiPromoCode(await createPromoCode(ctx, body)) }),
});

export const listPromoCodesEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/promo-codes",
  tag: "Promo codes",
  summary: "The studio's promo codes, newest first, with their uses so far (M12).",
  operationId: "listPromoCodes",
  responses: { 200: { description: "The promo codes.", schema: z.object({ data: z.array(PromoCodeBody) }) } },
  handle: async (ctx) => ({ body: { data: (await listPromoCodes(ctx)).map(toApiPromoCode) } }),
});
