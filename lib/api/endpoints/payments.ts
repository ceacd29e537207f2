import { z } from "zod";
import { paymentMethod, paymentStatus } from "@/db/schema";
import { getMembership } from "@/lib/memberships/membership-reads";
import { markPaymentPaid, recordPayment, RefundInput, refundPayment, StaffPaymentMethod, toApiPayment } from "@/lib/payments/payments";
import { defineEndpoint, IdParams } from "../endpoint";

export const PaymentBody = z
  .object({
    id: z.uuid(),
    clientId: z.uuid(),
    membershipId: z.uuid().nullable(),
    bookingId: z.uuid().nullable(),
    amountCents: z.number().int(),
    refundedCents: z.number().int(),
    currency: z.string(),
    method: z.enum(paymentMethod.enumValues).nullable(),
    status: z.enum(paymentStatus.enumValues),
    paidAt: z.iso.datetime({ offset: true }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: "Payment" });

export const RecordPaymentBody = z
  .object({
    clientId: z.uuid(),
    amountCents: z.number().int().min(0).max(100_000_000),
    /** How it was paid; null records a payment due, to be marked paid later (P0). */
    method: StaffPaymentMethod.nullable(),
    bookingId: z.uuid().optional(),
    membershipId: z.uuid().optional(),
    description: z.string().trim().max(300).optional(),
  })
  .strict()
  .refine((p) => !(p.membershipId && p.bookingId), { path: ["membershipId"], error: "A payment is for a membership or a booking, not both." });

export const recordPaymentEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/payments",
  tag: "Payments",
  summary: "Record money a client paid at the desk, for a membership or a booking or neither. method null records it as due (P0).",
  body: RecordPaymentBody,
  responses: { 201: { description: "The payment.", schema: PaymentBody } },
  handle: async (ctx, { body }) => {
    if (body.membershipId) await getMembership(ctx, body.membershipId);
    return { status: 201, body: toApiPayment(await recordPayment(ctx, body)) };
  },
});

export const markPaymentPaidEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/payments/{id}/mark-paid",
  tag: "Payments",
  summary: "Mark a due payment paid, saying how (P0). An extension of API.md's list.",
  params: IdParams,
  body: z.object({ method: StaffPaymentMethod }).strict(),
  responses: { 200: { description: "The payment after.", schema: PaymentBody } },
  refusals: { 409: ["payment_not_due"] },
  handle: async (ctx, { params, body }) => ({ body: toApiPayment(await markPaymentPaid(ctx, params.id, body)) }),
});

export const refundPaymentEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/payments/{id}/refund",
  tag: "Payments",
  summary: "Refund part or all of a paid payment; the client's lifetime spend follows (R1).",
  params: IdParams,
  body: RefundInput.strict(),
  responses: { 200: { description: "The payment after, with refundedCents.", schema: PaymentBody } },
  refusals: { 409: ["refund_too_large", "payment_not_paid"] },
  handle: async (ctx, { params, body }) => ({ body: toApiPayment(await refundPayment(ctx, params.id, body)) }),
});
