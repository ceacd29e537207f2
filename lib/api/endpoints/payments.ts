import { z } from "zod";
import { paymentFee, paymentMethod, paymentStatus } from "@/db/schema";
import { getMembership } from "@/lib/memberships/membership-reads";
import {
  markPaymentPaid,
  recordPayment,
  RecordPaymentFields,
  recordPaymentRules,
  RefundInput,
  refundPayment,
  StaffPaymentMethod,
  toApiPayment,
} from "@/lib/payments/payments";
import { DUE_KINDS, listDuePayments, ListDuePaymentsInput } from "@/lib/payments/due-payments";
import { waiveFee } from "@/lib/payments/waive-fee";
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
    /** B9: the fee this payment charges for its booking (late_cancel, no_show), or null. */
    fee: z.enum(paymentFee.enumValues).nullable(),
    /** B9: when staff waived the fee. */
    feeWaivedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: "Payment" });

/** The verb's own fields and rule (STYLE Dec 2026 #3); the currency is the studio's, so the API does not take it. */
export const RecordPaymentBody = RecordPaymentFields.omit({ currency: true }).strict().superRefine(recordPaymentRules);

export const recordPaymentEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/payments",
  tag: "Payments",
  summary:
    "Record money a client paid at the desk, for a membership or a booking or neither. method null records it as due (P0).",
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

export const waiveFeeEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/payments/{id}/waive",
  tag: "Payments",
  summary:
    "Waive a late-cancel or no-show fee within 24 hours of it being raised (B9): a due fee is cancelled (status void), " +
    "a charged one refunded through Stripe. Waiving again changes nothing.",
  params: IdParams,
  responses: { 200: { description: "The fee after, with feeWaivedAt.", schema: PaymentBody } },
  refusals: { 409: ["not_a_fee", "fee_waive_expired"] },
  handle: async (ctx, { params }) => ({ body: toApiPayment(await waiveFee(ctx, params.id)) }),
});

export const DuePaymentBody = PaymentBody.extend({
  /** What it is for: a membership, a drop-in booking, or neither. */
  kind: z.enum(DUE_KINDS),
  client: z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable() }),
  /** The plan's name, the class's title (drop-ins), or the payment's description. */
  label: z.string().nullable(),
  /** A drop-in's session start. */
  sessionStartsAt: z.iso.datetime({ offset: true }).nullable(),
}).meta({ id: "DuePayment" });

export const listDuePaymentsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/payments",
  tag: "Payments",
  summary:
    "The payments due (O3), memberships and drop-ins alike, oldest first: `status=due`, optionally `kind` " +
    "(membership, drop_in, fee, other) and `q` (part of the client's name or email). `totals`: the whole filtered list per currency.",
  query: ListDuePaymentsInput,
  responses: {
    200: {
      description: "One page of payments due, and the totals.",
      schema: z.object({
        data: z.array(DuePaymentBody),
        nextCursor: z.string().nullable(),
        totals: z.array(z.object({ currency: z.string(), amountCents: z.number().int(), count: z.number().int() })),
      }),
    },
  },
  handle: async (ctx, { query }) => {
    const page = await listDuePayments(ctx, query);
    return {
      body: {
        data: page.data.map((d) => ({
          ...toApiPayment(d.payment),
          kind: d.kind,
          client: d.client,
          label: d.label,
          sessionStartsAt: d.sessionStartsAt?.toISOString() ?? null,
        })),
        nextCursor: page.nextCursor,
        totals: page.totals,
      },
    };
  },
});
