/**
 * API keys: what app/ may call (STYLE Dec 2026 #2). Verbs and `get*` reads check the caller's
 * permission themselves. Helpers that do not (`load*`, writes used inside other verbs' transactions)
 * are in ./internal.ts, which app/ may not import (eslint.config.mjs).
 */
export { API_KEY_SCOPES, CreateApiKeyInput, createApiKey, revokeApiKey, listApiKeys } from "./api-keys";
export type * from "./api-keys";
