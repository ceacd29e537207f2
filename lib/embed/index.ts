/**
 * The embeddable sign-up (E1–E3): what app/ may call (STYLE Dec 2026 #2). Verbs and `get*` reads check the caller's
 * permission themselves. Helpers that do not are in ./internal.ts, which app/ may not import (eslint.config.mjs).
 * The embed's own session cookie (sealed, E2) is here too: app/embed/ reads and writes it per request.
 */
export {
  acceptEmbedToken,
  embedSignIn,
  embedRegister,
  embedMemberContext,
  joinFromEmbed,
  getEmbedSecret,
  rotateEmbedSecret,
  embedVisitorProfile,
} from "./embed";
export {
  EMBED_COOKIE,
  EMBED_SESSION_SECONDS,
  EMBED_HANDOFF_SECONDS,
  sealEmbedSession,
  openEmbedSession,
  embedCookieOptions,
} from "./session";
export { embedSnippet, embedTokenExample } from "./snippet";
export { embedFrameAncestors } from "./framing";
export type * from "./embed";
export type * from "./session";
