import { createApiKey } from "@/lib/api-keys/api-keys";
import type { TestStudio } from "./fixtures";

type Handler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler the way Next.js would, with a bearer key, and reads the JSON answer. */
export async function call(
  handler: Handler,
  opts: { key?: string; method?: string; path?: string; params?: Record<string, string>; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
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
  return { status: res.status, body, headers: res.headers };
}

export async function keyFor(s: TestStudio): Promise<string> {
  const { key } = await createApiKey(await s.owner(), { name: "test" });
  return key;
}
