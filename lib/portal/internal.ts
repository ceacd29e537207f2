/**
 * The member portal's unchecked helpers (STYLE Dec 2026 #2): none yet. Every export of lib/portal is a verb that
 * checks its caller (a member of the studio, or a signed-in login joining it) and is in ./index.ts. A helper that
 * skips that check goes here, where app/ cannot import it (eslint.config.mjs).
 */
export {};
