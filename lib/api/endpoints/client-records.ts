import { z } from "zod";
import { toApiClient } from "@/lib/clients/client-input";
import { deleteClient } from "@/lib/clients/delete-client";
import { eraseClient } from "@/lib/clients/erase-client";
import { mergeClients } from "@/lib/clients/merge-clients";
import { defineEndpoint, IdParams } from "../endpoint";
import { ClientBody } from "./clients";

export const mergeClientsEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/clients/{id}/merge",
  tag: "Clients",
  summary:
    "Merge another client (sourceClientId) into this one (C5): its bookings, memberships, payments, notes, tags, waitlist places, company links and household members move here, empty contact fields are filled from it, and it is removed.",
  params: IdParams,
  body: z.object({ sourceClientId: z.uuid({ error: "Give the id of the client to merge in." }) }).strict(),
  responses: { 200: { description: "The client after the merge.", schema: ClientBody } },
  refusals: { 409: ["merge_conflict"] },
  handle: async (ctx, { params, body }) => ({
    body: toApiClient(await mergeClients(ctx, { targetClientId: params.id, sourceClientId: body.sourceClientId })),
  }),
});

export const eraseClientEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/clients/{id}/erase",
  tag: "Clients",
  summary:
    "Erase a client's personal data (P1), irreversibly. Bookings, memberships and payments stay without a name, so totals do not change; the studio's owners are emailed. The client is not found afterwards.",
  params: IdParams,
  responses: { 200: { description: "The erased client, as it remains.", schema: ClientBody } },
  refusals: { 403: ["forbidden"] },
  handle: async (ctx, { params }) => ({ body: toApiClient(await eraseClient(ctx, { clientId: params.id })) }),
});

export const deleteClientEndpoint = defineEndpoint({
  method: "DELETE",
  path: "/api/v1/clients/{id}",
  tag: "Clients",
  summary:
    "Delete a client with no bookings, memberships or payments (C4), or an additional user of a household, whose history first moves to its primary customer (H2). Others are kept: erase them instead.",
  params: IdParams,
  responses: { 204: { description: "Deleted." } },
  refusals: { 409: ["has_history", "has_household", "merge_conflict"] },
  handle: async (ctx, { params }) => {
    await deleteClient(ctx, { clientId: params.id });
    return { status: 204, body: null };
  },
});
