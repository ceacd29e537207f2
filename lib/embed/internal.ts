/**
 * The embed's unchecked helpers (STYLE Dec 2026 #2): the signed token's crypto (E2). A verified token is a
 * credential; only the verbs in ./embed.ts (acceptEmbedToken) may turn one into a session. app/ may not import
 * these (eslint.config.mjs).
 */
export { verifyEmbedToken, mintEmbedToken, newEmbedSecret, EmbedTokenError } from "./token";
