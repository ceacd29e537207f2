/**
 * Retention automations (issue 17; C2, R1, R2, R8, J1, J2): three ready flows per studio (welcome, growing,
 * win-back), each an owner-editable template, off until switched on. What app/ may call; the verbs check the
 * caller's permission. The scheduled jobs and the unsigned-in unsubscribe are in ./internal.ts.
 */
export { FLOWS, LAPSED_DAYS, RECENT_DAYS, WINBACK_WINDOW_DAYS, fillPlaceholders } from "./flows";
export {
  listRetentionFlows,
  UpdateRetentionFlowInput,
  updateRetentionFlow,
  PreviewRetentionAudienceInput,
  previewRetentionAudience,
  listClientRetentionSends,
} from "./flow-settings";
export { UnsubscribeInput, unsubscribeByToken, isUnsubscribeToken } from "./unsubscribe";
export type * from "./flow-settings";
export type { FlowInfo } from "./flows";
