/**
 * The CRM: lists, stats, notes, tags, exports, messages: helpers that skip the permission check (STYLE Dec 2026 #2). For other verbs of lib/,
 * the CLI and jobs only; app/ may not import these (eslint.config.mjs reads this file).
 */
export { clientStatusSql, clientStatusCondition, growingCondition, aggregateStatsSql } from "./client-stats";
export { clientSortColumn, afterKeyset, clientFilterConditions } from "./list-clients";
