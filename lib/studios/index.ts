/**
 * Studios and their settings: what app/ may call (STYLE Dec 2026 #2). Verbs and `get*` reads check the caller's
 * permission themselves. Helpers that do not (`load*`, writes used inside other verbs' transactions)
 * are in ./internal.ts, which app/ may not import (eslint.config.mjs).
 */
export { Password, CreateStudioInput, createStudio } from "./create-studio";
export { findStudioBySlug } from "./find-studio";
export { resendStudioSignUp, signUpStudio } from "./sign-up-studio";
export { Origin, UpdateStudioSettingsInput, studioSettings, toApiStudio, updateStudioSettings } from "./settings";
export { StudioName, SLUG_PATTERN, Slug, slugify, Currency, TimeZone } from "./studio-input";
export type * from "./create-studio";
export type * from "./settings";
export { getOnboarding } from "./onboarding";
export type * from "./onboarding";
