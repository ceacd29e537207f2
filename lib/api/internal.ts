/**
 * The API's unchecked helpers (STYLE Dec 2026 #2): the context an API key gets once it is authenticated, and the
 * registry of endpoints, used by `route` and the OpenAPI document. app/ may not import them (eslint.config.mjs).
 */
export { apiContext } from "./handler";
export { endpoints, defineEndpoint } from "./endpoint";
