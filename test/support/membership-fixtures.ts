import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import type { Ctx } from "@/lib/core/ctx";
import { createPlan } from "@/lib/plans/plans";
import type { CreatePlanInput } from "@/lib/plans/plan-input";
import { uniqueEmail } from "./fixtures";

export async function makeClient(ctx: Ctx, name = "Client") {
  return (
    await findOrCreateClient(ctx, { email: uniqueEmail(name.toLowerCase().replace(/\W/g, "")), name, source: "staff" })
  ).client;
}

export const PLANS = {
  pack: (sessions = 8, durationDays = 60, extra: Partial<CreatePlanInput> = {}): CreatePlanInput => ({
    name: `${sessions}-class pack`,
    kind: "sessions",
    priceCents: 12000,
    sessions,
    durationDays,
    ...extra,
  }),
  monthly: (extra: Partial<CreatePlanInput> = {}): CreatePlanInput => ({
    name: "Monthly unlimited",
    kind: "recurring",
    interval: "month",
    priceCents: 9900,
    ...extra,
  }),
  fixed: (durationDays = 30, extra: Partial<CreatePlanInput> = {}): CreatePlanInput => ({
    name: `${durationDays}-day pass`,
    kind: "fixed",
    durationDays,
    priceCents: 5000,
    ...extra,
  }),
};

export async function makePlan(ctx: Ctx, input: CreatePlanInput) {
  return createPlan(ctx, input);
}
