import { z } from "zod";
import type { Company } from "@/db/schema";
import {
  CreateCompanyInput,
  createCompany,
  linkClientToCompany,
  unlinkClientFromCompany,
} from "@/lib/companies/companies";
import { defineEndpoint, IdParams } from "../endpoint";

export const CompanyBody = z
  .object({ id: z.uuid(), name: z.string(), createdAt: z.iso.datetime({ offset: true }) })
  .meta({ id: "Company" });

function toApiCompany(c: Company) {
  return { id: c.id, name: c.name, createdAt: c.createdAt.toISOString() };
}

export const createCompanyEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/companies",
  tag: "Companies",
  summary: "Create a company, whose memberships its linked clients inherit (M7).",
  body: CreateCompanyInput.strict(),
  responses: { 201: { description: "The new company.", schema: CompanyBody } },
  handle: async (ctx, { body }) => ({ status: 201, body: toApiCompany(await createCompany(ctx, body)) }),
});

export const CompanyClientBody = z.object({ companyId: z.uuid(), clientId: z.uuid() }).meta({ id: "CompanyClient" });

export const linkCompanyClientEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/companies/{id}/clients",
  tag: "Companies",
  summary:
    "Link a client to a company: from now on the client inherits the company's memberships (M7). Linking twice changes nothing.",
  params: IdParams,
  body: z.object({ clientId: z.uuid({ error: "Give the client's id." }) }).strict(),
  responses: { 200: { description: "The link.", schema: CompanyClientBody } },
  handle: async (ctx, { params, body }) => {
    await linkClientToCompany(ctx, params.id, body.clientId);
    return { body: { companyId: params.id, clientId: body.clientId } };
  },
});

export const unlinkCompanyClientEndpoint = defineEndpoint({
  method: "DELETE",
  path: "/api/v1/companies/{id}/clients/{clientId}",
  tag: "Companies",
  summary: "Unlink a client from a company: the inherited memberships stop applying at once (M7).",
  params: z.object({ id: z.string(), clientId: z.string() }),
  responses: { 204: { description: "Unlinked." } },
  handle: async (ctx, { params }) => {
    await unlinkClientFromCompany(ctx, params.id, params.clientId);
    return { status: 204, body: null };
  },
});
