import { randomBytes } from "node:crypto";
import { and, desc, eq, lt, or } from "drizzle-orm";
import { z } from "zod";
import { webhookDeliveries, webhookEndpoints, type WebhookDelivery, type WebhookEndpoint } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { NotFoundError } from "@/lib/core/errors";
import { CursorInstant, decodeCursor, Limit, toPage, type Page } from "@/lib/core/pagination";
import { requirePermission } from "@/lib/core/permissions";
import { isUuid, parseInput } from "@/lib/core/validation";
import { WEBHOOK_EVENTS } from "./events";
import { checkWebhookUrl } from "./url-guard";

/** How long the previous secret still signs after a rotation, so receivers can switch without losing events. */
export const ROTATION_OVERLAP_MS = 24 * 3600_000;

export const CreateWebhookInput = z
  .object({
    url: z.string().trim().max(2000).meta({ description: "An https:// URL on the public internet." }),
    events: z
      .array(z.enum(WEBHOOK_EVENTS))
      .min(1, { error: "Choose at least one event." })
      .max(WEBHOOK_EVENTS.length)
      .meta({ description: "The event types to deliver." }),
  })
  .strict();
export type CreateWebhookInput = z.input<typeof CreateWebhookInput>;

const newSecret = () => "whsec_" + randomBytes(24).toString("base64url");

/**
 * X2: registers an endpoint (the studio's integrations, like API keys: `apikeys.manage`). The URL must reach a
 * public address (SSRF). Answers the endpoint with its secret, shown this once.
 */
export async function createWebhookEndpoint(ctx: Ctx, raw: CreateWebhookInput) {
  requirePermission(ctx, "apikeys.manage");
  const input = parseInput(CreateWebhookInput, raw);
  const url = await checkWebhookUrl(input.url);
  const secret = newSecret();
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(webhookEndpoints)
      .values({
        studioId: ctx.studio.id,
        url: url.toString(),
        events: [...new Set(input.events)],
        secret,
        createdAt: ctx.now,
      })
      .returning();
    await audit(tx, { action: "webhook.created", table: "webhook_endpoints", rowId: row!.id, data: { url: row!.url } });
    return { endpoint: row!, secret };
  });
}

export async function listWebhookEndpoints(ctx: Ctx): Promise<WebhookEndpoint[]> {
  requirePermission(ctx, "apikeys.manage");
  return ctx.db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.studioId, ctx.studio.id))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
}

async function own(ctx: Ctx, id: string): Promise<WebhookEndpoint> {
  if (!isUuid(id)) throw new NotFoundError("Webhook endpoint");
  const [row] = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.studioId, ctx.studio.id), eq(webhookEndpoints.id, id)));
  if (!row) throw new NotFoundError("Webhook endpoint");
  return row;
}

export async function getWebhookEndpoint(ctx: Ctx, id: string): Promise<WebhookEndpoint> {
  requirePermission(ctx, "apikeys.manage");
  return own(ctx, id);
}

/** Deletes an endpoint and its delivery log; its pending deliveries are dropped by their jobs. */
export async function deleteWebhookEndpoint(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, "apikeys.manage");
  await inTransaction(ctx, async (tx) => {
    const row = await own(tx, id);
    await tx.db
      .delete(webhookEndpoints)
      .where(and(eq(webhookEndpoints.studioId, ctx.studio.id), eq(webhookEndpoints.id, row.id)));
    await audit(tx, { action: "webhook.deleted", table: "webhook_endpoints", rowId: row.id, data: { url: row.url } });
  });
}

/** X2: turns an endpoint off (no new events, pending ones skipped) or on again (its failure clock restarts). */
export async function setWebhookEndpointEnabled(ctx: Ctx, id: string, enabled: boolean): Promise<WebhookEndpoint> {
  requirePermission(ctx, "apikeys.manage");
  return inTransaction(ctx, async (tx) => {
    const row = await own(tx, id);
    const [after] = await tx.db
      .update(webhookEndpoints)
      .set(
        enabled
          ? { disabledAt: null, disabledReason: null, failingSince: null }
          : { disabledAt: ctx.now, disabledReason: "Disabled by the studio." },
      )
      .where(and(eq(webhookEndpoints.studioId, ctx.studio.id), eq(webhookEndpoints.id, row.id)))
      .returning();
    await audit(tx, {
      action: enabled ? "webhook.enabled" : "webhook.disabled",
      table: "webhook_endpoints",
      rowId: id,
    });
    return after!;
  });
}

/**
 * X2: a new secret, shown once. The previous one keeps signing (a second `v1=`) for ROTATION_OVERLAP_MS so that
 * a receiver can switch without refusing a delivery.
 */
export async function rotateWebhookSecret(
  ctx: Ctx,
  id: string,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  requirePermission(ctx, "apikeys.manage");
  const secret = newSecret();
  return inTransaction(ctx, async (tx) => {
    const row = await own(tx, id);
    const [after] = await tx.db
      .update(webhookEndpoints)
      .set({
        secret,
        previousSecret: row.secret,
        previousSecretUntil: new Date(ctx.now.getTime() + ROTATION_OVERLAP_MS),
      })
      .where(and(eq(webhookEndpoints.studioId, ctx.studio.id), eq(webhookEndpoints.id, row.id)))
      .returning();
    await audit(tx, { action: "webhook.secret_rotated", table: "webhook_endpoints", rowId: id });
    return { endpoint: after!, secret };
  });
}

export const ListDeliveriesInput = z.object({ limit: Limit, cursor: z.string().max(500).optional() });

/** X2: an endpoint's deliveries, newest first, each with every attempt. */
export async function listWebhookDeliveries(
  ctx: Ctx,
  id: string,
  raw: z.input<typeof ListDeliveriesInput> = {},
): Promise<Page<WebhookDelivery>> {
  requirePermission(ctx, "apikeys.manage");
  const input = parseInput(ListDeliveriesInput, raw);
  const endpoint = await own(ctx, id);
  const after = decodeCursor(input.cursor, z.tuple([CursorInstant, z.uuid()]));
  const rows = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.studioId, ctx.studio.id),
        eq(webhookDeliveries.endpointId, endpoint.id),
        after
          ? or(
              lt(webhookDeliveries.createdAt, new Date(after[0])),
              and(eq(webhookDeliveries.createdAt, new Date(after[0])), lt(webhookDeliveries.id, after[1])),
            )
          : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(input.limit + 1);
  return toPage(
    rows,
    input.limit,
    (r) => [r.createdAt.toISOString(), r.id],
    (r) => r,
  );
}
