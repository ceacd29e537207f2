import { z } from "zod";
import { endpoints, ErrorBody } from "./endpoint";
import "./endpoints";

const REFUSAL_TEXT: Record<number, string> = {
  400: "The request does not parse or validate (invalid_input, with fields).",
  401: "No key, or an unknown or revoked key (unauthenticated).",
  403: "The key lacks the role for this call (forbidden).",
  404: "No such id in this studio (not_found).",
  409: "A business rule says no.",
  429: "Too many requests (rate_limited, with Retry-After).",
};

function schemaOf(s: z.ZodType, io: "input" | "output") {
  return z.toJSONSchema(s, { io, unrepresentable: "any", reused: "inline" });
}

/** The OpenAPI 3.1 document of the platform API, built from the endpoints' own zod schemas. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorSchema = schemaOf(ErrorBody, "output");
  for (const e of endpoints) {
    const parameters: unknown[] = [];
    const params = e.params as z.ZodObject | undefined;
    if (params) {
      const js = schemaOf(params, "input") as { properties?: Record<string, unknown> };
      for (const [name, schema] of Object.entries(js.properties ?? {})) parameters.push({ name, in: "path", required: true, schema });
    }
    const query = e.query as z.ZodObject | undefined;
    if (query) {
      const js = schemaOf(query, "input") as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: "query", required: js.required?.includes(name) ?? false, schema });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(e.responses)) {
      responses[status] = {
        description: r.description,
        ...(r.schema && { content: { [r.contentType ?? "application/json"]: { schema: schemaOf(r.schema, "output") } } }),
      };
    }
    const refusals = [400, 401, 404, 429, ...Object.keys(e.refusals ?? {}).map(Number)];
    for (const status of refusals) {
      const codes = e.refusals?.[status as 403 | 409];
      responses[status] = {
        description: codes ? `${REFUSAL_TEXT[status]} Codes: ${codes.join(", ")}.` : REFUSAL_TEXT[status],
        content: { "application/json": { schema: errorSchema } },
      };
    }
    (paths[e.path] ??= {})[e.method.toLowerCase()] = {
      summary: e.summary,
      tags: [e.tag],
      ...(parameters.length && { parameters }),
      ...(e.body && {
        requestBody: { required: true, content: { "application/json": { schema: schemaOf(e.body, "input") } } },
      }),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Roster platform API",
      version: "1",
      description: "Read and change a studio's data. Authenticate with Authorization: Bearer <key> (Settings → API keys).",
    },
    servers: [{ url: "/" }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    security: [{ bearer: [] }],
    paths,
  };
}
