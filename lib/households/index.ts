/**
 * Households (H1–H3): what app/ may call (STYLE Dec 2026 #2). Verbs and `get*` reads check the caller's
 * permission themselves. Helpers that do not are in ./internal.ts, which app/ may not import (eslint.config.mjs).
 */
export { AddAdditionalUserInput, addAdditionalUser } from "./add-additional-user";
export { AddParticipantInput, addParticipant } from "./add-participant";
export { visibleHouseholdPeople } from "./household-access";
export { InviteParticipantInput, inviteParticipant, confirmParticipant } from "./invite-participant";
export { ListHouseholdInput, listHousehold } from "./list-household";
export { listPrimaryMemberships } from "./primary-memberships";
export { RemoveHouseholdMemberInput, removeHouseholdMember } from "./remove-household-member";
export type * from "./add-additional-user";
export type * from "./add-participant";
export type * from "./household-access";
export type * from "./invite-participant";
export type * from "./list-household";
export type * from "./remove-household-member";
