import { z } from "zod";
import {
  createForm,
  CreateFormInput,
  listClientForms,
  listForms,
  type FormSummary,
  type SignedForm,
} from "@/lib/forms";
import { defineEndpoint, IdParams } from "../endpoint";

const Instant = z.iso.datetime({ offset: true });

const QuestionBody = z.object({
  id: z.string(),
  kind: z.enum(["text", "yes_no", "choice"]),
  label: z.string(),
  options: z.array(z.string()).optional(),
  required: z.boolean(),
  health: z.boolean().meta({ description: "A health (special-category) question: its answers never leave Roster." }),
});

export const FormBody = z
  .object({
    id: z.uuid(),
    title: z.string(),
    body: z.string().meta({ description: "The current version's text, sanitized Markdown (no HTML)." }),
    version: z.number().int(),
    versionId: z.uuid(),
    resign: z
      .enum(["everyone", "new_clients"])
      .meta({ description: "Who had to sign again when this version was published." }),
    questions: z.array(QuestionBody),
    publishedAt: Instant,
    requiredFor: z.object({ planIds: z.array(z.uuid()), classIds: z.array(z.uuid()) }),
    createdAt: Instant,
  })
  .meta({ id: "Form" });

export const SignedFormBody = z
  .object({
    signatureId: z.uuid(),
    formId: z.uuid(),
    versionId: z.uuid(),
    version: z.number().int(),
    title: z.string(),
    fullName: z.string().meta({ description: "The name typed when signing." }),
    signedAt: Instant,
    signedAtDesk: z.boolean().meta({ description: "Recorded by staff at the desk on the client's behalf." }),
    signedByClientId: z
      .uuid()
      .nullable()
      .meta({ description: "The household's primary customer who signed a participant's form (H1)." }),
    answers: z
      .record(z.string(), z.string())
      .meta({ description: "Answers by question id. Answers to health questions are never included." }),
  })
  .meta({ id: "SignedForm" });

function toApiForm(f: FormSummary) {
  return {
    ...f,
    publishedAt: f.publishedAt.toISOString(),
    createdAt: f.createdAt.toISOString(),
  };
}

function toApiSigned(s: SignedForm) {
  return {
    signatureId: s.signatureId,
    formId: s.formId,
    versionId: s.versionId,
    version: s.version,
    title: s.title,
    fullName: s.fullName,
    signedAt: s.signedAt.toISOString(),
    signedAtDesk: s.atDeskBy !== null,
    signedByClientId: s.signedByClientId,
    answers: s.answers,
  };
}

export const listFormsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/forms",
  tag: "Forms",
  summary: "The studio's waivers and intake forms (F1), each with its current version and what requires it.",
  operationId: "listForms",
  responses: { 200: { description: "The forms.", schema: z.object({ data: z.array(FormBody) }) } },
  handle: async (ctx) => ({ body: { data: (await listForms(ctx)).map(toApiForm) } }),
});

export const createFormEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/forms",
  tag: "Forms",
  summary:
    "Write a form (F1): its text as Markdown (HTML is removed), optional questions (text, yes/no, choice; health " +
    "questions flagged), and the plans and classes that require it signed before the first purchase or booking " +
    "(`409 form_required` until then).",
  operationId: "createForm",
  body: CreateFormInput.strict(),
  responses: { 201: { description: "The new form, version 1.", schema: FormBody } },
  handle: async (ctx, { body }) => ({ status: 201, body: toApiForm(await createForm(ctx, body)) }),
});

export const listClientFormsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/clients/{id}/forms",
  tag: "Clients",
  summary:
    "The form versions a client signed, newest first (F1): which version, the typed name, when. Answers to health " +
    "questions are never part of the API.",
  operationId: "listClientForms",
  params: IdParams,
  responses: { 200: { description: "The signed versions.", schema: z.object({ data: z.array(SignedFormBody) }) } },
  handle: async (ctx, { params }) => ({ body: { data: (await listClientForms(ctx, params.id)).map(toApiSigned) } }),
});
