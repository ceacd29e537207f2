import { z } from "zod";
import type { Ctx } from "@/lib/core/ctx";

export type Method = "GET" | "POST" | "PATCH" | "DELETE";

/** What a handler returns: a JSON body and its status (200 unless told), or a ready Response (CSV streams). */
export type Reply = { status?: number; body: unknown; headers?: Record<string, string> } | Response;

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * One platform API operation (API.md): its path, its zod schemas, and a handler
 * that calls lib/ verbs. The same object drives the route handler and the
 * OpenAPI document, so the document cannot drift from what is validated.
 */
export type Endpoint<
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
> = {
  method: Method;
  /** OpenAPI form: /api/v1/clients/{id} */
  path: string;
  summary: string;
  tag: string;
  /** camelCase verb + noun (X1); derived from the method and path when absent (lib/api/openapi-names.ts). */
  operationId?: string;
  /** The key scope the call needs (API.md: read, book, message, manage); documented in the OpenAPI document. */
  scope?: "read" | "book" | "message" | "manage";
  params?: P;
  query?: Q;
  body?: B;
  /** Documented successful responses. */
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  /** Documented refusals beyond 400/401/404/429, e.g. { 409: ["class_full"] }. */
  refusals?: Partial<Record<403 | 409, string[]>>;
  handle: (ctx: Ctx, input: { params: Infer<P>; query: Infer<Q>; body: Infer<B>; request: Request }) => Promise<Reply>;
};

export const endpoints: Endpoint[] = [];

/** Declares an endpoint and records it for the OpenAPI document. */
export function defineEndpoint<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(e: Endpoint<P, Q, B>): Endpoint<P, Q, B> {
  endpoints.push(e as unknown as Endpoint);
  return e;
}

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.array(z.string())).optional(),
      form: z
        .object({ id: z.uuid(), versionId: z.uuid(), title: z.string() })
        .optional()
        .meta({ description: "F1, with `form_required`: the form to sign (its current version) first." }),
    }),
  })
  .meta({ id: "Error" });

/** A page of a list (API.md conventions). */
export function PageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

/** `{id}` in a path. Any string is accepted: a malformed id is "not found" (404), never a 400, like another studio's. */
export const IdParams = z.object({ id: z.string().max(100).meta({ description: "A UUID." }) });
