import path from "node:path";
import { openApiDocument } from "@/lib/api/openapi";
import { assertMatchesDocument } from "./openapi-contract";

type RouteModule = Record<
  string,
  (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>
>;

/**
 * A `fetch` that serves /api/v1 requests with the app's own route handlers (the
 * files under app/api/v1, found from the document's path templates), in this
 * process and on the test database — so a generated client runs a journey
 * without a server. Each answer is checked against the document (X1).
 */
export async function apiFetch(input: Request): Promise<Response> {
  const url = new URL(input.url);
  const doc = openApiDocument();
  for (const template of Object.keys(doc.paths)) {
    const names: string[] = [];
    const pattern = template.replace(/\{(\w+)\}/g, (_, n: string) => (names.push(n), "([^/]+)"));
    const m = new RegExp(`^${pattern.replaceAll(".", "\\.")}$`).exec(url.pathname);
    if (!m) continue;
    const file = path.resolve(
      "app",
      template
        .replace(/^\//, "")
        .replace(/^api\//, "api/")
        .replace(/\{(\w+)\}/g, "[$1]"),
      "route.ts",
    );
    const mod = (await import(file)) as RouteModule;
    const handler = mod[input.method];
    if (!handler) return new Response(null, { status: 405 });
    const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    const res = await handler(input, { params: Promise.resolve(params) });
    const text = await res.clone().text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    assertMatchesDocument(
      { method: input.method, path: template },
      { status: res.status, contentType: res.headers.get("content-type"), body },
    );
    return res;
  }
  return new Response(null, { status: 404 });
}
