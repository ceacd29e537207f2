/**
 * Clients (C1, P1): helpers that skip the permission check (STYLE Dec 2026 #2). For other verbs of lib/,
 * the CLI and jobs only; app/ may not import these (eslint.config.mjs reads this file).
 */
export { findOrCreateClientsBatch } from "./find-or-create-client";
export { lockClients, householdMembers, moveClientHistory } from "./merge-clients";
export { findPortalClient, memberContextFor } from "./portal-access";
