import { z } from "zod";
import { ClientFields, toApiClient } from "@/lib/clients/client-input";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { getClient } from "@/lib/clients/get-client";
import { listClients, ListClientsInput } from "@/lib/clients/list-clients";
import { updateClient, UpdateClientInput } from "@/lib/clients/update-client";
import { Email, PersonName } from "@/lib/core/validation";
import { defineEndpoint, IdParams, PageOf } from "../endpoint";

export const ClientBody = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    emergencyContact: z.object({ name: z.string().nullable(), phone: z.string().nullable() }).nullable(),
    pictureUrl: z.string().nullable(),
    questionnaire: z.record(z.string(), z.unknown()).nullable(),
    marketingConsent: z.boolean(),
    marketingConsentAt: z.iso.datetime({ offset: true }).nullable(),
    memberSince: z.iso.datetime({ offset: true }).nullable(),
    tags: z.array(z.string()),
    source: z.string(),
    portalDisabled: z.boolean(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: "Client" });

export const CreateClientBody = z
  .object({
    email: Email,
    name: PersonName,
    phone: ClientFields.shape.phone.optional(),
    emergencyContact: ClientFields.shape.emergencyContact.optional(),
    marketingConsent: z.boolean().optional(),
  })
  .strict();

export const createClientEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/clients",
  tag: "Clients",
  summary: "Create a client, or return the existing one with the same normalised email (C1).",
  body: CreateClientBody,
  responses: {
    201: { description: "A new client.", schema: ClientBody },
    200: { description: "The client that already had this email.", schema: ClientBody },
  },
  handle: async (ctx, { body }) => {
    const { client, created } = await findOrCreateClient(ctx, {
      ...body,
      phone: body.phone ?? undefined,
      source: "api",
    });
    return { status: created ? 201 : 200, body: toApiClient(client) };
  },
});

export const listClientsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/clients",
  tag: "Clients",
  summary: "The studio's clients, newest first; search with q (name, email, phone), filter with tag.",
  query: ListClientsInput,
  responses: { 200: { description: "A page of clients.", schema: PageOf(ClientBody) } },
  handle: async (ctx, { query }) => {
    const page = await listClients(ctx, query);
    return { body: { data: page.data.map(toApiClient), nextCursor: page.nextCursor } };
  },
});

export const getClientEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/clients/{id}",
  tag: "Clients",
  summary: "One client.",
  params: IdParams,
  responses: { 200: { description: "The client.", schema: ClientBody } },
  handle: async (ctx, { params }) => ({ body: toApiClient(await getClient(ctx, params.id)) }),
});

export const updateClientEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/api/v1/clients/{id}",
  tag: "Clients",
  summary: "Change a client's details (C2). An email already used by another client is refused.",
  params: IdParams,
  body: UpdateClientInput,
  responses: { 200: { description: "The client after the change.", schema: ClientBody } },
  refusals: { 409: ["email_taken"] },
  handle: async (ctx, { params, body }) => ({ body: toApiClient(await updateClient(ctx, params.id, body)) }),
});
