/**
 * The member portal (C1, A1, S6): what app/ may call (STYLE Dec 2026 #2). Verbs and `get*` reads check the caller's
 * permission themselves. Helpers that do not are in ./internal.ts, which app/ may not import (eslint.config.mjs).
 */
export { getMyProfile } from "./get-my-profile";
export { JoinStudioInput, joinStudio } from "./join-studio";
export { RegisterMemberInput, CHECK_YOUR_EMAIL, registerMember } from "./register-member";
export { bookingsAffectedByNewPack } from "./s6-warning";
export type * from "./join-studio";
export type * from "./register-member";
export type * from "./s6-warning";
