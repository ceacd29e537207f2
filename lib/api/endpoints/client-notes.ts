import { z } from "zod";
import { addNote, listNotes, toApiNote } from "@/lib/crm/notes";
import { addTag, removeTag, Tag } from "@/lib/crm/tags";
import { defineEndpoint, IdParams } from "../endpoint";

export const NoteBody = z
  .object({
    id: z.uuid(),
    clientId: z.uuid(),
    body: z.string(),
    shared: z.boolean().meta({ description: "Shared with the studio's staff; otherwise private to its author (R3)." }),
    author: z.object({
      type: z.enum(["staff", "api"]),
      id: z.uuid(),
      name: z.string().nullable().meta({ description: "The staff member's name (or email), or the API key's name." }),
    }),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: "ClientNote" });

export const addClientNoteEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/clients/{id}/notes",
  tag: "Clients",
  summary:
    "Write a note on a client (R3). Private to this API key unless shared with the studio's staff. Clients never see notes.",
  params: IdParams,
  body: z
    .object({
      body: z.string().meta({ description: "The note, 1–5,000 characters." }),
      shared: z.boolean().optional().meta({ description: "Default false." }),
    })
    .strict(),
  responses: { 201: { description: "The new note.", schema: NoteBody } },
  handle: async (ctx, { params, body }) => ({
    status: 201,
    body: toApiNote(await addNote(ctx, { clientId: params.id, body: body.body, shared: body.shared ?? false })),
  }),
});

export const listClientNotesEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/clients/{id}/notes",
  tag: "Clients",
  summary: "The notes on a client this key may read, newest first: the shared ones and the key's own (R3).",
  params: IdParams,
  responses: { 200: { description: "The notes.", schema: z.object({ data: z.array(NoteBody) }) } },
  handle: async (ctx, { params }) => ({ body: { data: (await listNotes(ctx, params.id)).map(toApiNote) } }),
});

export const ClientTagsBody = z.object({ clientId: z.uuid(), tags: z.array(z.string()) }).meta({ id: "ClientTags" });

export const addClientTagEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/clients/{id}/tags",
  tag: "Clients",
  summary:
    "Tag a client (R4). Tags are trimmed, 1–50 characters, and compared without regard to case: a tag the client already has changes nothing.",
  params: IdParams,
  body: z.object({ tag: Tag }).strict(),
  responses: { 200: { description: "The client's tags after the change.", schema: ClientTagsBody } },
  handle: async (ctx, { params, body }) => ({
    body: { clientId: params.id, tags: await addTag(ctx, { clientId: params.id, tag: body.tag }) },
  }),
});

export const removeClientTagEndpoint = defineEndpoint({
  method: "DELETE",
  path: "/api/v1/clients/{id}/tags/{tag}",
  tag: "Clients",
  summary:
    "Remove a tag from a client (R4), whatever its letter case. Removing a tag the client does not have changes nothing.",
  params: z.object({ id: IdParams.shape.id, tag: z.string().max(200).meta({ description: "The tag, URL-encoded." }) }),
  responses: { 200: { description: "The client's tags after the change.", schema: ClientTagsBody } },
  handle: async (ctx, { params }) => ({
    body: { clientId: params.id, tags: await removeTag(ctx, { clientId: params.id, tag: params.tag }) },
  }),
});
