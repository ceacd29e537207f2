import { z } from "zod";
import { getDb } from "@/db";
import { authenticateApiKey } from "@/lib/api-keys/api-keys";
import { clientIp } from "@/lib/auth/client-ip";
import type { Ctx } from "@/lib/core/ctx";
import { DomainError, InvalidInputError, RateLimitedError, RuleError, UnauthenticatedError } from "@/lib/core/errors";
import { invalidInputFrom } from "@/lib/core/validation";
import { hitRateLimit, LIMITS } from "@/lib/security/rate-limit";
import type { Endpoint } from "./endpoint";
import { requireScope, scopeOf } from "./scopes";

/** Largest JSON body the API reads (imports send files inline; 5 MiB is ample for a preview batch). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

const STATUS: Record<string, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  rate_limited: 429,
};

export function errorResponse(e: DomainError): Response {
  const status = STATUS[e.code] ?? 409;
  const body: { error: { code: string; message: string; fields?: Record<string, string[]> } & RuleError["details"] } = {
    error: { code: e.code, message: e.message },
  };
  if (e instanceof InvalidInputError && Object.keys(e.fields).length) body.error.fields = e.fields;
  if (e instanceof RuleError && e.details?.form) body.error.form = e.details.form; // F1: which form to sign
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (e instanceof RateLimitedError) headers["retry-after"] = String(e.retryAfterSeconds);
  return Response.json(body, { status, headers });
}

function parsePart<S extends z.ZodType | undefined>(schema: S, value: unknown) {
  if (!schema) return undefined;
  const r = schema.safeParse(value);
  if (!r.success) throw invalidInputFrom(r.error);
  return r.data;
}

async function readJson(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES)
    throw new DomainError("payload_too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`);
  const reader = request.body?.getReader();
  if (!reader) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new DomainError("payload_too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`);
    }
    chunks.push(value);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new InvalidInputError("The body is not valid UTF-8.", { _: ["The body is not valid UTF-8."] });
  }
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidInputError("The body is not valid JSON.", { _: ["The body is not valid JSON."] });
  }
}

/** Establishes the caller from `Authorization: Bearer <key>` and counts the request against the key's limit. */
export async function apiContext(request: Request, now = new Date()): Promise<Ctx> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new UnauthenticatedError("Send an API key as Authorization: Bearer <key>.");
  const db = await getDb();
  const found = await authenticateApiKey(db, match[1]!, now);
  if (!found) {
    // A4: guessing keys is throttled per address; a known key never counts here, so nobody can block one.
    await hitRateLimit(db, `api:unknown:${clientIp(request.headers)}`, LIMITS.apiUnknownKeyPerIp, now);
    throw new UnauthenticatedError("The API key is unknown or revoked.");
  }
  await hitRateLimit(db, `api:${found.apiKey.id}`, LIMITS.apiPerKey, now);
  return {
    db,
    studio: found.studio,
    actor: { kind: "api", keyId: found.apiKey.id, role: "owner", scopes: found.apiKey.scopes },
    now,
  };
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/**
 * Turns an endpoint into a Next.js route handler: authenticate, parse, call the
 * endpoint's handler, and map typed failures to API.md's error shape.
 */
export function route(endpoint: Endpoint) {
  return Object.assign(routeHandler(endpoint), { endpoint: { method: endpoint.method, path: endpoint.path } });
}

function routeHandler(endpoint: Endpoint) {
  return async function handler(request: Request, context?: RouteContext): Promise<Response> {
    try {
      const ctx = await apiContext(request);
      requireScope(ctx, scopeOf(endpoint));
      const url = new URL(request.url);
      const params = parsePart(endpoint.params, context ? await context.params : {});
      const query = parsePart(endpoint.query, Object.fromEntries(url.searchParams));
      const body =
        endpoint.method === "GET" || endpoint.method === "DELETE"
          ? undefined
          : parsePart(endpoint.body, (await readJson(request)) ?? {});
      const reply = await endpoint.handle(ctx, { params, query, body, request } as never);
      if (reply instanceof Response) return reply;
      const headers = { "cache-control": "no-store", ...reply.headers };
      if (reply.status === 204) return new Response(null, { status: 204, headers });
      return Response.json(reply.body, { status: reply.status ?? 200, headers });
    } catch (e) {
      if (e instanceof DomainError) return errorResponse(e);
      if (e instanceof z.ZodError) return errorResponse(invalidInputFrom(e));
      console.error(`[api] ${endpoint.method} ${endpoint.path} failed`, e);
      return Response.json(
        { error: { code: "internal", message: "Something went wrong on our side. It has been logged." } },
        { status: 500, headers: { "cache-control": "no-store" } },
      );
    }
  };
}
