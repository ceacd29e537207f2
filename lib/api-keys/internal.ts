/**
 * API keys: helpers that skip the permission check (STYLE Dec 2026 #2). For other verbs of lib/,
 * the CLI and jobs only; app/ may not import these (eslint.config.mjs reads this file).
 */
export { hashApiKey, authenticateApiKey } from "./api-keys";
