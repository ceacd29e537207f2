/**
 * The platform API (API.md): what app/ may call (STYLE Dec 2026 #2). Each endpoint is defined once (its body the
 * verb's schema) and served by `route`, which authenticates the API key and builds the caller's context; the verbs
 * check permissions themselves. `apiContext` is in ./internal.ts.
 */
export { route, errorResponse } from "./handler";
export { openApiDocument } from "./openapi";
export * from "./endpoints";
