import { createApiKey } from "@/lib/api-keys/api-keys";
import type { TestStudio } from "./fixtures";
import { assertMatchesDocument } from "./openapi-contract";

type Handler = ((req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>) & {
  endpoint?: { method: string; path: string };
};

/**
 * Calls a route handler the way Next.js would, with a bearer key, and reads the JSON answer. An endpoint's answer
 * is checked against the OpenAPI document's schema for its status (X1): a mismatch fails the calling test.
 */
export async function call(
  handler: Handler,
  opts: {
    key?: string;
    method?: string;
    path?: string;
    params?: Record<string, string>;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { "content-type": "application/json", ...opts.headers };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  const req = new Request(`http://localhost${opts.path ?? "/api/v1/test"}`, {
    method: opts.method ?? "GET",
    headers,
    body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (CSV, say): keep the text
  }
  if (handler.endpoint)
    assertMatchesDocument(handler.endpoint, { status: res.status, contentType: res.headers.get("content-type"), body });
  return { status: res.status, body, headers: res.headers };
}

export async function keyFor(s: TestStudio): Promise<string> {
  const { key } = await createApiKey(await s.owner(), { name: "test" });
  return key;
}
