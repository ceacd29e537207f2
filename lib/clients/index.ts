/**
 * Clients (C1, P1): what app/ may call (STYLE Dec 2026 #2). Verbs and `get*` reads check the caller's
 * permission themselves. Helpers that do not (`load*`, writes used inside other verbs' transactions)
 * are in ./internal.ts, which app/ may not import (eslint.config.mjs).
 */
export { Phone, EmergencyContact, ClientFields, ClientSource, toApiClient } from "./client-input";
export { DeleteClientInput, clientDeletability, deleteClient } from "./delete-client";
export { EraseClientInput, ERASED_NAME, eraseClient } from "./erase-client";
export { FindOrCreateClientInput, findOrCreateClient, ClientBatchRow, CLIENT_BATCH_MAX } from "./find-or-create-client";
export { getClient } from "./get-client";
export { MergeClientsInput, mergeClients, MergeCandidatesInput, findMergeCandidates } from "./merge-clients";
export { PORTAL_DISABLED_MESSAGE, SetPortalAccessInput, setPortalAccess, checkPortalSignIn } from "./portal-access";
export { UpdateClientInput, updateClient } from "./update-client";
export type * from "./client-input";
export type * from "./delete-client";
export type * from "./erase-client";
export type * from "./find-or-create-client";
export type * from "./merge-clients";
export type * from "./portal-access";
export type * from "./update-client";
