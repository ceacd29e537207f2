import { openApiDocument } from "@/lib/api";

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. Public. */
export function GET() {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
