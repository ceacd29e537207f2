/**
 * Classes and sessions (B1–B6): what app/ may call (STYLE Dec 2026 #2). Verbs and `get*` reads check the caller's
 * permission themselves. Helpers that do not (`load*`, writes used inside other verbs' transactions)
 * are in ./internal.ts, which app/ may not import (eslint.config.mjs).
 */
export {
  CreateClassInput,
  UpdateClassInput,
  WEEKDAYS,
  StudioDay,
  WallTime,
  WeeklyRule,
  SessionStart,
  CreateSessionsInput,
  MAX_LIST_DAYS,
  ListSessionsInput,
  UpdateSessionInput,
  toApiClass,
  toApiSession,
} from "./class-input";
export { createClass, getClass, updateClass, archiveClass, listClasses } from "./classes";
export { updateSession } from "./edit-session";
export { MAX_OCCURRENCES, weeklyStarts, createSessions, listSessions, getSession } from "./sessions";
export type * from "./class-input";
