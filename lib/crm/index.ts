/**
 * The CRM: lists, stats, notes, tags, exports, messages: what app/ may call (STYLE Dec 2026 #2). Verbs and `get*` reads check the caller's
 * permission themselves. Helpers that do not (`load*`, writes used inside other verbs' transactions)
 * are in ./internal.ts, which app/ may not import (eslint.config.mjs).
 */
export { historyStatus, listClientBookings } from "./client-history";
export { LAPSED_AFTER_DAYS, REGULAR_FROM, GROWING, lapsedCutoff, clientStatus, getClientStats } from "./client-stats";
export { CsvNumber, BOM, neutralise, csvField, csvRecord, csvMoney, csvStream, csvFilename, csvHeaders } from "./csv";
export { ExportClientsInput, EXPORT_BATCH, exportClientsCsv } from "./export-clients";
export { MAX_HISTORY_CLIENTS, ExportHistoryInput, exportHistoryCsv } from "./export-history";
export { ClientFilters, ListClientsInput, CLIENT_COUNT_CAP, parseSort, listClients } from "./list-clients";
export { CLIENT_STATUSES, CLIENT_SORT_KEYS } from "./list-keys";
export { MAX_RECIPIENTS, MESSAGE_LIMIT, MessageClientsInput, messageClients } from "./message-clients";
export { AddNoteInput, UpdateNoteInput, addNote, listNotes, updateNote, deleteNote, toApiNote } from "./notes";
export { getStudioTotals } from "./studio-totals";
export {
  MAX_TAGS_PER_CLIENT,
  MAX_BULK_CLIENTS,
  Tag,
  TagInput,
  RemoveTagInput,
  TagClientsInput,
  sameTag,
  dedupeTags,
  addTag,
  removeTag,
  tagClients,
  listStudioTags,
} from "./tags";
export type * from "./client-history";
export type * from "./client-stats";
export type * from "./csv";
export type * from "./export-clients";
export type * from "./export-history";
export type * from "./list-clients";
export type * from "./list-keys";
export type * from "./message-clients";
export type * from "./notes";
export type * from "./studio-totals";
export type * from "./tags";
