import { z } from "zod";
import { billingInterval, membershipStatus, planKind } from "@/db/schema";
import { toApiMembership } from "@/lib/memberships/membership-input";
import { CreatePlanInput, planKindIssues, toApiPlan } from "@/lib/plans/plan-input";
import { countPlanMembers, listPlanMembers, ListPlanMembersInput } from "@/lib/plans/plan-members";
import { createPlan, getPlan, listPlans } from "@/lib/plans/plans";
import { defineEndpoint, IdParams, PageOf } from "../endpoint";
import { MembershipBody } from "./memberships";
import { FeePolicyBody } from "./studio";

const Instant = z.iso.datetime({ offset: true });

export const PlanBody = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    kind: z.enum(planKind.enumValues),
    priceCents: z.number().int(),
    currency: z.string(),
    interval: z.enum(billingInterval.enumValues).nullable(),
    bookingLimitPerPeriod: z.number().int().nullable(),
    durationDays: z.number().int().nullable(),
    sessions: z.number().int().nullable(),
    permissions: z.array(z.string()),
    memberOnlyAccess: z.boolean(),
    public: z.boolean(),
    /** B8: opens booking this many days before a session for its holders (null = the studio's window). */
    bookingOpensDaysBefore: z.number().int().nullable(),
    /** B8: lets its holders book until this many minutes before a session (null = the studio's window). */
    bookingClosesMinutesBefore: z.number().int().nullable(),
    /** M11: an intro offer, sold once and only to a client with no earlier purchase or booking. */
    newClientsOnly: z.boolean(),
    archived: z.boolean(),
    /** B9: this plan's own late-cancel and no-show policies; null = the studio's. */
    lateCancelPolicy: FeePolicyBody.nullable(),
    noShowPolicy: FeePolicyBody.nullable(),
    createdAt: Instant,
    /** Memberships of the plan that grant rights now (M3, M4). */
    memberCount: z.number().int(),
  })
  .meta({ id: "Plan" });

const fields = CreatePlanInput.shape;

/** API.md "Plans": permissions, memberOnlyAccess and public are stated, not defaulted; M1 is checked field by field. */
export const CreatePlanBody = z
  .object({
    ...fields,
    permissions: fields.permissions.unwrap(),
    memberOnlyAccess: fields.memberOnlyAccess.unwrap(),
    public: fields.public.unwrap(),
  })
  .strict()
  .superRefine((p, ctx) => {
    for (const i of planKindIssues(p)) ctx.addIssue({ code: "custom", path: [i.field], message: i.message });
  });

export const createPlanEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/plans",
  tag: "Plans",
  summary:
    "Create a plan: recurring (interval), fixed (durationDays) or a session pack (sessions and durationDays) (M1, M2).",
  body: CreatePlanBody,
  responses: { 201: { description: "The new plan.", schema: PlanBody } },
  handle: async (ctx, { body }) => ({ status: 201, body: toApiPlan(await createPlan(ctx, body), 0) }),
});

export const listPlansEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/plans",
  tag: "Plans",
  summary: "The studio's plans on sale (not archived), by name, each with its member count.",
  responses: { 200: { description: "All plans, in one page.", schema: PageOf(PlanBody) } },
  handle: async (ctx) => {
    const plans = await listPlans(ctx);
    return { body: { data: plans.map((p) => toApiPlan(p, p.memberCount)), nextCursor: null } };
  },
});

export const getPlanEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/plans/{id}",
  tag: "Plans",
  summary: "One plan, archived or not, with its member count.",
  params: IdParams,
  responses: { 200: { description: "The plan.", schema: PlanBody } },
  handle: async (ctx, { params }) => {
    const plan = await getPlan(ctx, params.id);
    return { body: toApiPlan(plan, await countPlanMembers(ctx, plan.id)) };
  },
});

export const PlanMemberBody = z
  .object({
    membership: MembershipBody,
    client: z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable() }).nullable(),
    company: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    /** The effective status now (M4). */
    status: z.enum(membershipStatus.enumValues),
    sessionsRemaining: z.number().int().nullable(),
    canPay: z.boolean().describe("O2: it can pay for a booking now: active, started and, for a pack, a session left."),
  })
  .meta({ id: "PlanMember" });

export const listPlanMembersEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/plans/{id}/members",
  tag: "Plans",
  summary:
    "The plan's memberships with their holders, by holder name. Filter with status (the effective one, M4; comma-separate several, e.g. active,suspended).",
  params: IdParams,
  query: z.object({
    status: z
      .string()
      .optional()
      .transform((s) => (s ? s.split(",").map((x) => x.trim()) : undefined))
      .pipe(
        z
          .array(
            z.enum(membershipStatus.enumValues, { error: "Use active, past_due, suspended, cancelled or expired." }),
          )
          .optional(),
      ),
    limit: ListPlanMembersInput.shape.limit,
    cursor: ListPlanMembersInput.shape.cursor,
  }),
  responses: { 200: { description: "A page of members.", schema: PageOf(PlanMemberBody) } },
  handle: async (ctx, { params, query }) => {
    const page = await listPlanMembers(ctx, params.id, query);
    return {
      body: {
        data: page.data.map((m) => ({
          membership: toApiMembership(m.membership, ctx.now),
          client: m.client && { id: m.client.id, name: m.client.name, email: m.client.email },
          company: m.company && { id: m.company.id, name: m.company.name },
          status: m.status,
          sessionsRemaining: m.sessionsRemaining,
          canPay: m.canPay,
        })),
        nextCursor: page.nextCursor,
      },
    };
  },
});
