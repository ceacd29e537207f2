/**
 * Memberships (M1–M10, S2): helpers that skip the permission check (STYLE Dec 2026 #2). For other verbs of lib/,
 * the CLI and jobs only; app/ may not import these (eslint.config.mjs reads this file).
 */
export { markMemberSince } from "./assign-membership";
export { effectiveStatusSql, grantsRightsSql } from "./effective-status";
export { expireDueMemberships } from "./expire-due";
export { loadMembership } from "./get-membership";
export { readHeldMemberships } from "./client-memberships";
export { writeImportBatch } from "./import/write";
export { changeSessions, loadLedger, listLedger } from "./ledger";
export { sendMembershipReminders } from "./reminders";
