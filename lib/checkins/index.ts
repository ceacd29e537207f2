/**
 * Check-in at the front desk (O2): what app/ and the API may call. Each verb
 * checks its caller's permission itself.
 */
export { checkIn, CheckInFields, CheckInInput, checkInRules, type CheckInResult } from "./check-in";
export { findDeskClients, getCheckInDesk } from "./desk";
export type { CheckInDesk, DeskClient, DeskMembership, DeskPerson, DeskSession, WalkInPreview } from "./desk";
