import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { ValidateFunction } from "ajv";
import { openApiDocument } from "@/lib/api/openapi";

/**
 * X1's contract check: a response body validated against the schema the OpenAPI
 * document gives for its operation, status and content type. `call()` in
 * test/support/api.ts runs it on every answer of a route made with `route()`,
 * so every API test proves the document and the behaviour agree.
 */
let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function validator(): Ajv2020 {
  if (ajv) return ajv;
  const doc = openApiDocument();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema({ components: doc.components }, "roster-openapi");
  return ajv;
}

type Op = { responses: Record<string, { content?: Record<string, { schema: object }> }> };

export function responseProblems(
  op: { method: string; path: string },
  res: { status: number; contentType: string | null; body: unknown },
): string | null {
  const doc = openApiDocument();
  const operation = doc.paths[op.path]?.[op.method.toLowerCase()] as Op | undefined;
  if (!operation) return `${op.method} ${op.path} is not in the document`;
  if (res.status >= 500) return null; // a crash is the test's own failure, reported by its assertions
  const response = operation.responses[String(res.status)];
  if (!response) return `${op.method} ${op.path} answered ${res.status}, which the document does not list`;
  if (!response.content) return res.body === null || res.body === "" ? null : `${res.status} has a body but no schema`;
  const type = (res.contentType ?? "").split(";")[0]!.trim();
  const media = response.content[type];
  if (!media)
    return `${op.method} ${op.path} ${res.status} answered ${type}; documented: ${Object.keys(response.content)}`;
  if (type !== "application/json") return null;
  const key = `${op.method} ${op.path} ${res.status}`;
  let validate = compiled.get(key);
  if (!validate) {
    const schema = JSON.parse(
      JSON.stringify(media.schema).replaceAll('"#/components/', '"roster-openapi#/components/'),
    );
    validate = validator().compile(schema);
    compiled.set(key, validate);
  }
  if (validate(res.body)) return null;
  return `${key} does not match the document: ${validator().errorsText(validate.errors, { separator: "; " })}`;
}

/** Throws when the response does not match the document (used by `call`). */
export function assertMatchesDocument(
  op: { method: string; path: string },
  res: { status: number; contentType: string | null; body: unknown },
): void {
  const problem = responseProblems(op, res);
  if (problem) throw new Error(`Contract (X1): ${problem}\n${JSON.stringify(res.body).slice(0, 800)}`);
}
