/**
 * Memberships (M1–M10, S2): what app/ may call (STYLE Dec 2026 #2). Verbs and `get*` reads check the caller's
 * permission themselves. Helpers that do not (`load*`, writes used inside other verbs' transactions)
 * are in ./internal.ts, which app/ may not import (eslint.config.mjs).
 */
export {
  AssignMembershipFields,
  assignMembershipRules,
  AssignMembershipInput,
  assignMembership,
} from "./assign-membership";
export { membershipBadges } from "./badges";
export {
  CancelMembershipInput,
  cancelMembership,
  SuspendInput,
  suspendMembership,
  ExtendInput,
  extendMembership,
  AdjustInput,
  adjustMembership,
} from "./change-membership";
export { listClientMemberships, getClientPermissions, getPermissionsByEmail } from "./client-memberships";
export { canPay, effectiveStatus, grantsRights, payStanding, type PayStanding } from "./effective-status";
export { getMembershipHistory, listMyMemberships, getMyMembershipHistory } from "./history";
export * from "./import";
export { Instant, MembershipSource, addDays, toApiMembership, periodEnd } from "./membership-input";
export { getMembership, getMembershipLedger, toApiLedgerEntry } from "./membership-reads";
export { LOW_SESSIONS, ENDING_SOON_DAYS } from "./reminders";
export type * from "./assign-membership";
export type * from "./badges";
export type * from "./client-memberships";
export type * from "./history";
export type * from "./ledger";
