/**
 * Households' unchecked helpers (STYLE Dec 2026 #2): reads and writes that other verbs call after deciding who may
 * act (booking for a participant, registering a member), inside their transactions. app/ may not import them
 * (eslint.config.mjs); it calls the verbs in ./index.ts.
 */
export { managedHouseholdOf, canActFor, listPayingMemberships, linkHouseholdMember } from "./household-access";
