/**
 * Security headers and rate limits (issue 9): what app/ may call (STYLE Dec 2026 #2). Verbs and `get*` reads check the caller's
 * permission themselves. Helpers that do not are in ./internal.ts, which app/ may not import (eslint.config.mjs).
 */
export { contentSecurityPolicy, commonSecurityHeaders, securityHeaders, STRICT_TRANSPORT_SECURITY } from "./csp";
export { LIMITS, hitRateLimit } from "./rate-limit";
export type * from "./rate-limit";
