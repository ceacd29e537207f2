/**
 * Reports (R9, R10): the figures an owner runs a studio by, each opening the
 * people behind it, and retention cohorts. What app/ may call; every read
 * checks `reports.view` (owners and managers).
 */
export {
  AT_RISK_DAYS,
  ENDING_WITHIN_DAYS,
  LOW_SESSIONS,
  FIGURES,
  FIGURE_INFO,
  isFigure,
  getReportSummary,
  figureClientsCondition,
} from "./figures";
export { monthsOf, revenueByMonth, activeMembersByMonth, attendanceByWeek, fillBreakdown } from "./breakdowns";
export { getCohorts } from "./cohorts";
export { ReportPeriodInput, MAX_PERIOD_DAYS, PERIOD_PRESETS, presetDays, presetOf, resolvePeriod } from "./period";
export type * from "./figures";
export type * from "./breakdowns";
export type * from "./cohorts";
export type * from "./period";
