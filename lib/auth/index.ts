/**
 * Who is calling (A1–A3, T4): what app/ may call (STYLE Dec 2026 #2). Verbs and `get*` reads check the caller's
 * permission themselves. Helpers that do not are in ./internal.ts, which app/ may not import (eslint.config.mjs).
 * The context builders (`requireStaffContext`, `getMemberContext`, …) are what every server action and page
 * starts with; the session rows (A3) are started and ended by the sign-in and sign-out doors.
 */
export {
  sessionUserId,
  sessionId,
  STUDIO_COOKIE,
  studioCookieOptions,
  getStaffContext,
  requireStaffContext,
  getMemberContext,
  isPortalAccessDisabled,
  systemContext,
  sessionUserEmail,
} from "./context";
export { handlers, auth, signIn, signOut } from "./auth";
export { clientIp } from "./client-ip";
export { SESSION_SECONDS, startSession, isSessionLive, endSession, endSessionsOf } from "./sessions";
export { PASSWORD_POLICY_TEXT, NewPassword } from "./password-policy";
export { MIN_PASSWORD_LENGTH } from "./password";
