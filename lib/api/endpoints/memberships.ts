import { z } from "zod";
import { ledgerReason, membershipSource, membershipStatus } from "@/db/schema";
import { requirePermission } from "@/lib/core/permissions";
import { assignMembership, AssignMembershipFields, assignMembershipRules } from "@/lib/memberships/assign-membership";
import { cancelMembership, extendMembership, suspendMembership } from "@/lib/memberships/change-membership";
import { expireDueMemberships } from "@/lib/memberships/expire-due";
import { toApiMembership } from "@/lib/memberships/membership-input";
import { getMembership, getMembershipLedger, toApiLedgerEntry } from "@/lib/memberships/membership-reads";
import { StaffPaymentMethod } from "@/lib/payments/payments";
import { defineEndpoint, IdParams } from "../endpoint";

const Instant = z.iso.datetime({
  offset: true,
  error: "Use an ISO 8601 time with an offset, e.g. 2026-05-01T09:00:00+02:00.",
});
const Reason = z.string().trim().max(500).optional();

export const MembershipBody = z
  .object({
    id: z.uuid(),
    planId: z.uuid(),
    holder: z.object({ type: z.enum(["client", "company"]), id: z.uuid() }),
    /** The effective status now (M4, M9), whether or not the sweep has run. */
    status: z.enum(membershipStatus.enumValues),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }).nullable(),
    sessionsTotal: z.number().int().nullable(),
    sessionsRemaining: z.number().int().nullable(),
    suspendedFrom: z.iso.datetime({ offset: true }).nullable(),
    suspendedUntil: z.iso.datetime({ offset: true }).nullable(),
    source: z.enum(membershipSource.enumValues),
    stripeSubscriptionId: z.string().nullable(),
    paypalSubscriptionId: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: "Membership" });

/**
 * The verb's own fields and rules (STYLE Dec 2026 #3): times as ISO strings with an offset (JSON has no dates), and
 * `source` is always "api".
 */
export const CreateMembershipBody = AssignMembershipFields.omit({ source: true })
  .extend({ startsAt: Instant.optional(), endsAt: Instant.optional() })
  .strict()
  .superRefine(assignMembershipRules);

export const createMembershipEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/memberships",
  tag: "Memberships",
  summary:
    "Give a plan to a client (by id, or by email: found or created per C1) or to a company (M6, M7). " +
    "The same client, plan and start again answers 200 with the existing membership.",
  body: CreateMembershipBody,
  responses: {
    201: { description: "The new membership.", schema: MembershipBody },
    200: { description: "The membership this client already had for this plan and start.", schema: MembershipBody },
  },
  refusals: {
    409: [
      "plan_archived",
      "pack_not_for_company",
      "intro_not_eligible",
      "promo_code_invalid",
      "promo_code_used_up",
      "form_required",
    ],
  },
  handle: async (ctx, { body }) => {
    const { membership, created } = await assignMembership(ctx, { ...body, source: "api" });
    return { status: created ? 201 : 200, body: toApiMembership(membership, ctx.now) };
  },
});

export const getMembershipEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/memberships/{id}",
  tag: "Memberships",
  summary: "One membership; its status is the effective one now (M4).",
  params: IdParams,
  responses: { 200: { description: "The membership.", schema: MembershipBody } },
  handle: async (ctx, { params }) => ({ body: toApiMembership(await getMembership(ctx, params.id), ctx.now) }),
});

export const LedgerEntryBody = z
  .object({
    delta: z.number().int(),
    balanceAfter: z.number().int(),
    reason: z.enum(ledgerReason.enumValues),
    actor: z.object({ type: z.string(), id: z.string().nullable() }),
    bookingId: z.uuid().nullable(),
    note: z.string().nullable(),
    at: z.iso.datetime({ offset: true }),
  })
  .meta({ id: "LedgerEntry" });

export const getMembershipLedgerEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/memberships/{id}/ledger",
  tag: "Memberships",
  summary: "Every change of a session pack's count, oldest first (S2). Empty for plans without a count.",
  params: IdParams,
  responses: { 200: { description: "The ledger.", schema: z.object({ data: z.array(LedgerEntryBody) }) } },
  handle: async (ctx, { params }) => ({
    body: { data: (await getMembershipLedger(ctx, params.id)).map(toApiLedgerEntry) },
  }),
});

export const cancelMembershipEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/memberships/{id}/cancel",
  tag: "Memberships",
  summary: "Cancel a membership now (M8): its rights end; the client and the history stay.",
  params: IdParams,
  body: z.object({ reason: Reason }).strict(),
  responses: { 200: { description: "The membership after.", schema: MembershipBody } },
  refusals: { 409: ["membership_not_active"] },
  handle: async (ctx, { params, body }) => ({
    body: toApiMembership(await cancelMembership(ctx, params.id, body), ctx.now),
  }),
});

export const suspendMembershipEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/memberships/{id}/suspend",
  tag: "Memberships",
  summary:
    "Freeze a membership from `from` to `until`; its end moves later by that length (M9). One suspension at a time.",
  params: IdParams,
  body: z.object({ from: Instant, until: Instant, reason: Reason }).strict(),
  responses: { 200: { description: "The membership after.", schema: MembershipBody } },
  refusals: { 409: ["membership_not_active", "already_suspended"] },
  handle: async (ctx, { params, body }) => ({
    body: toApiMembership(await suspendMembership(ctx, params.id, body), ctx.now),
  }),
});

export const extendMembershipEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/memberships/{id}/extend",
  tag: "Memberships",
  summary:
    "Extend a fixed plan by its length, or start a session pack's new period with a fresh count, forfeiting what was left (S5). " +
    "Records the price as paid with paymentMethod, else as due (P0).",
  params: IdParams,
  body: z.object({ paymentMethod: StaffPaymentMethod.nullable().optional(), reason: Reason }).strict(),
  responses: { 200: { description: "The membership after.", schema: MembershipBody } },
  refusals: { 409: ["not_extendable"] },
  handle: async (ctx, { params, body }) => ({
    body: toApiMembership(await extendMembership(ctx, params.id, body), ctx.now),
  }),
});

export const expireDueMembershipsEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/memberships/expire-due",
  tag: "Memberships",
  summary:
    "Run the M4 sweep for this studio now: write `expired` on every membership whose end has passed. " +
    "Rights never wait for it; a second run finds nothing.",
  responses: {
    200: { description: "How many memberships were expired.", schema: z.object({ expired: z.number().int() }) },
  },
  handle: async (ctx) => {
    requirePermission(ctx, "memberships.sell");
    return { body: { expired: await expireDueMemberships(ctx.db, ctx.now, ctx.studio.id) } };
  },
});
