import { z } from "zod";
import type { WebhookDelivery, WebhookEndpoint } from "@/db/schema";
import { Limit } from "@/lib/core/pagination";
import {
  createWebhookEndpoint,
  CreateWebhookInput,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  rotateWebhookSecret,
  WEBHOOK_EVENTS,
} from "@/lib/webhooks";
import { defineEndpoint, IdParams, PageOf } from "../endpoint";

const Instant = z.iso.datetime({ offset: true });

export const WebhookEndpointBody = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    /** Set when the studio turned it off or 24 h of failures did (X2). */
    disabledAt: Instant.nullable(),
    disabledReason: z.string().nullable(),
    failingSince: Instant.nullable(),
    createdAt: Instant,
  })
  .meta({ id: "WebhookEndpoint" });

export const WebhookDeliveryBody = z
  .object({
    id: z.uuid(),
    eventId: z.uuid(),
    type: z.enum(WEBHOOK_EVENTS),
    status: z.enum(["pending", "delivered", "failed", "skipped"]),
    createdAt: Instant,
    deliveredAt: Instant.nullable(),
    attempts: z.array(
      z.object({
        at: Instant,
        status: z.number().int().nullable(),
        error: z.string().nullable(),
        durationMs: z.number().int(),
      }),
    ),
  })
  .meta({ id: "WebhookDelivery" });

function toApiEndpoint(e: WebhookEndpoint) {
  return {
    id: e.id,
    url: e.url,
    events: e.events as (typeof WEBHOOK_EVENTS)[number][],
    disabledAt: e.disabledAt?.toISOString() ?? null,
    disabledReason: e.disabledReason,
    failingSince: e.failingSince?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
  };
}

function toApiDelivery(d: WebhookDelivery) {
  return {
    id: d.id,
    eventId: d.eventId,
    type: d.eventType as (typeof WEBHOOK_EVENTS)[number],
    status: d.status as "pending" | "delivered" | "failed" | "skipped",
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    attempts: d.attempts,
  };
}

const WithSecret = z.object({
  ...WebhookEndpointBody.shape,
  secret: z.string().meta({ description: "Signs every delivery (Roster-Signature); shown this once." }),
});

export const createWebhookEndpointEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/webhooks",
  tag: "Webhooks",
  summary:
    "Register a webhook endpoint for some event types (X2). Each delivery is a POST of `{id, type, createdAt, data}` " +
    'signed `Roster-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, retried with backoff for more than ' +
    "24 h. The URL must be https:// on a public address.",
  operationId: "createWebhook",
  body: CreateWebhookInput,
  responses: { 201: { description: "The endpoint with its secret, shown this once.", schema: WithSecret } },
  handle: async (ctx, { body }) => {
    const { endpoint, secret } = await createWebhookEndpoint(ctx, body);
    return { status: 201, body: { ...toApiEndpoint(endpoint), secret } };
  },
});

export const listWebhookEndpointsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/webhooks",
  tag: "Webhooks",
  summary: "The studio's webhook endpoints, newest first (X2). Secrets are never listed.",
  operationId: "listWebhooks",
  responses: {
    200: { description: "The endpoints.", schema: z.object({ data: z.array(WebhookEndpointBody) }) },
  },
  handle: async (ctx) => ({ body: { data: (await listWebhookEndpoints(ctx)).map(toApiEndpoint) } }),
});

export const deleteWebhookEndpointEndpoint = defineEndpoint({
  method: "DELETE",
  path: "/api/v1/webhooks/{id}",
  tag: "Webhooks",
  summary: "Delete a webhook endpoint and its delivery log; nothing more is sent to it (X2).",
  operationId: "deleteWebhook",
  params: IdParams,
  responses: { 204: { description: "Deleted." } },
  handle: async (ctx, { params }) => {
    await deleteWebhookEndpoint(ctx, params.id);
    return { status: 204, body: null };
  },
});

export const rotateWebhookSecretEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/webhooks/{id}/rotate-secret",
  tag: "Webhooks",
  summary:
    "Give an endpoint a new secret (X2). For 24 hours deliveries carry two `v1=` signatures, the new secret's and the old one's.",
  operationId: "rotateWebhookSecret",
  params: IdParams,
  responses: { 200: { description: "The endpoint with its new secret, shown this once.", schema: WithSecret } },
  handle: async (ctx, { params }) => {
    const { endpoint, secret } = await rotateWebhookSecret(ctx, params.id);
    return { body: { ...toApiEndpoint(endpoint), secret } };
  },
});

export const listWebhookDeliveriesEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/webhooks/{id}/deliveries",
  tag: "Webhooks",
  summary:
    "An endpoint's deliveries, newest first, each with every attempt: when, the receiver's status, the error (X2).",
  operationId: "listWebhookDeliveries",
  params: IdParams,
  query: z.object({
    limit: Limit.meta({ description: "At most this many (1–200, default 50)." }),
    cursor: z.string().max(500).optional().meta({ description: "nextCursor of the previous page." }),
  }),
  responses: { 200: { description: "A page of deliveries.", schema: PageOf(WebhookDeliveryBody) } },
  handle: async (ctx, { params, query }) => {
    const page = await listWebhookDeliveries(ctx, params.id, query);
    return { body: { data: page.data.map(toApiDelivery), nextCursor: page.nextCursor } };
  },
});
