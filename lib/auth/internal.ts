/**
 * Authentication's unchecked helpers (STYLE Dec 2026 #2): password hashing and checking, one-time tokens, the
 * device cookie and the credentials check behind sign-in. The verbs of lib/identity and lib/account use them; app/
 * may not (eslint.config.mjs).
 */
export { hashPassword, verifyPassword, burnPasswordCheck } from "./password";
export { newOneTimeToken, hashOneTimeToken } from "./one-time-token";
export { findLiveToken, useLiveToken, type LoginToken, type LoginTokenPurpose } from "./login-tokens";
export { newDeviceCookie, deviceIdFor, deviceCookieFrom } from "./device-cookie";
export { verifyCredentials } from "./verify-credentials";
export { resolveAuthSecret } from "./secret";
export { isCommonPassword, passwordPolicyError } from "./password-policy";
