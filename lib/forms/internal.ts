/**
 * F1: helpers that skip the permission check (STYLE Dec 2026 #2), for other verbs of lib/ (bookSession,
 * assignMembership, checkout, erasure). app/ may not import these (eslint.config.mjs reads this file).
 */
export { classNeedsForm, classRequiresForm, loadFormsToSign, loadUnsignedForms, requireSignedForms } from "./required";
export { loadCurrentVersions } from "./forms";
