/**
 * Plans (M1, M2, E1): what app/ may call (STYLE Dec 2026 #2). Verbs and `get*` reads check the caller's
 * permission themselves. Helpers that do not (`load*`, writes used inside other verbs' transactions)
 * are in ./internal.ts, which app/ may not import (eslint.config.mjs).
 */
export { PlanFields, planKindIssues, planKindRules, CreatePlanInput, UpdatePlanInput, toApiPlan } from "./plan-input";
export { ListPlanMembersInput, listPlanMembers, countPlanMembers } from "./plan-members";
export { createPlan, getPlan, getPublicPlan, updatePlan, archivePlan, listPlans } from "./plans";
export type * from "./plan-input";
export type * from "./plan-members";
