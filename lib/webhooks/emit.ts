import { randomUUID } from "node:crypto";
import { and, arrayContains, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import type { Db } from "@/db";
import type { Ctx } from "@/lib/core/ctx";
import { enqueue } from "@/lib/jobs";
import { EVENT_OF_AUDIT_ACTION, type WebhookEventType } from "./events";

/**
 * X2: records an event for every enabled endpoint of the studio that subscribed to it — one delivery row and one
 * `webhooks.deliver` job each — in `ctx.db`, the transaction of the change: a rollback leaves no event, a commit
 * makes every delivery durable. Another studio's endpoints are never read.
 */
export async function emitWebhookEvent(
  ctx: Ctx,
  type: WebhookEventType,
  data: Record<string, unknown>,
  /**
   * `listening`: whether the studio had an enabled endpoint for `type`, read by `listensTo` in an earlier statement
   * of this transaction (issue 20: a booking reads it with its session, a round trip less). False: no endpoint read.
   */
  known?: { listening: boolean },
) {
  if (known?.listening === false) return;
  await emitStudioEvent(ctx.db, ctx.studio.id, ctx.now, type, data);
}

/** Whether the studio has an enabled endpoint for `type`: a boolean column for a caller's own query (emitWebhookEvent's `known`). */
export function listensTo(ctx: Ctx, type: WebhookEventType): SQL<boolean> {
  const endpoint = ctx.db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.studioId, ctx.studio.id),
        isNull(webhookEndpoints.disabledAt),
        arrayContains(webhookEndpoints.events, [type]),
      ),
    );
  return sql<boolean>`exists(${endpoint})`;
}

/** The same for a caller without a studio ctx (set-based sweeps): the studio by id, in `db` (their transaction). */
export async function emitStudioEvent(
  db: Db,
  studioId: string,
  now: Date,
  type: WebhookEventType,
  data: Record<string, unknown>,
) {
  const targets = await db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.studioId, studioId),
        isNull(webhookEndpoints.disabledAt),
        arrayContains(webhookEndpoints.events, [type]),
      ),
    );
  if (!targets.length) return;
  const eventId = randomUUID();
  const payload = { id: eventId, type, createdAt: now.toISOString(), data };
  const rows = await db
    .insert(webhookDeliveries)
    .values(
      targets.map((t) => ({
        studioId,
        endpointId: t.id,
        eventId,
        eventType: type,
        payload,
        createdAt: now,
      })),
    )
    .returning({ id: webhookDeliveries.id });
  for (const r of rows) await enqueue(db, "webhooks.deliver", { studioId, deliveryId: r.id }, { key: r.id });
}

/** The studios among `studioIds` with an enabled endpoint for `type` (one query, for sweeps over many studios). */
export async function studiosListening(db: Db, studioIds: string[], type: WebhookEventType): Promise<Set<string>> {
  if (!studioIds.length) return new Set();
  const rows = await db
    .selectDistinct({ studioId: webhookEndpoints.studioId })
    .from(webhookEndpoints)
    .where(
      and(
        inArray(webhookEndpoints.studioId, [...new Set(studioIds)]),
        isNull(webhookEndpoints.disabledAt),
        arrayContains(webhookEndpoints.events, [type]),
      ),
    );
  return new Set(rows.map((r) => r.studioId));
}

/** Called by `audit()` for every audited change: the actions listed in EVENT_OF_AUDIT_ACTION become events. */
export async function emitForAudit(
  ctx: Ctx,
  entry: { action: string; table: string; rowId?: string | null; data?: Record<string, unknown> },
) {
  const type = EVENT_OF_AUDIT_ACTION[entry.action];
  if (!type) return;
  await emitWebhookEvent(ctx, type, { id: entry.rowId ?? null, ...entry.data });
}
