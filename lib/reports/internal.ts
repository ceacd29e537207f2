/**
 * Reports: SQL pieces that skip the permission check (STYLE Dec 2026 #2), for other verbs of lib/ (an Overview's
 * at-risk list, an MCP tool), the CLI and jobs only; app/ may not import these (eslint.config.mjs reads this file).
 */
export { figurePeople } from "./figures";
export { holders, liveAt, sessionsRun } from "./sql";
