import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { staff, studios, users, webhookDeliveries, webhookEndpoints, type WebhookAttempt } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import type { Ctx } from "@/lib/core/ctx";
import { enqueueMail, type JobRun } from "@/lib/jobs";
import { signatureHeader } from "./sign";
import { checkWebhookUrl } from "./url-guard";

/** X2: a receiver has this long to answer. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** X2: an endpoint failing without a success for this long is disabled and its owners are told. */
export const DISABLE_AFTER_MS = 24 * 3600_000;

class DeliveryFailed extends Error {}

/**
 * The `webhooks.deliver` job (X2): POSTs the delivery's JSON, signed with the endpoint's secret(s), records the
 * attempt, and throws on failure so the queue retries it with backoff (J1). Safe to run twice: a delivered or
 * skipped delivery is not sent again.
 */
export async function deliverWebhookJob(
  payload: { studioId: string; deliveryId: string },
  run: JobRun,
  now: () => Date = () => new Date(),
) {
  const db = await getDb();
  const [row] = await db
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(
      webhookEndpoints,
      and(
        eq(webhookEndpoints.studioId, webhookDeliveries.studioId),
        eq(webhookEndpoints.id, webhookDeliveries.endpointId),
      ),
    )
    .where(and(eq(webhookDeliveries.studioId, payload.studioId), eq(webhookDeliveries.id, payload.deliveryId)));
  if (!row || row.delivery.status !== "pending") return; // endpoint deleted (cascade) or already done
  const { delivery, endpoint } = row;
  const where = and(eq(webhookDeliveries.studioId, payload.studioId), eq(webhookDeliveries.id, delivery.id));
  if (endpoint.disabledAt) {
    await db.update(webhookDeliveries).set({ status: "skipped" }).where(where);
    return;
  }
  const started = now();
  const body = JSON.stringify(delivery.payload);
  const secrets = [endpoint.secret];
  if (endpoint.previousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil > started)
    secrets.push(endpoint.previousSecret);
  let status: number | null = null;
  let error: string | null = null;
  try {
    const url = await checkWebhookUrl(endpoint.url);
    const res = await fetch(url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      headers: {
        "content-type": "application/json",
        "user-agent": "Roster-Webhooks/1",
        "roster-event-id": delivery.eventId,
        "roster-signature": signatureHeader(secrets, body, started),
      },
      body,
    });
    status = res.status;
    await res.body?.cancel().catch(() => {});
    if (status < 200 || status >= 300) error = `The receiver answered ${status}.`;
  } catch (e) {
    error = e instanceof Error ? (e.name === "TimeoutError" ? "No answer within 10 seconds." : e.message) : String(e);
  }
  const attempt: WebhookAttempt = {
    at: started.toISOString(),
    status,
    error,
    durationMs: now().getTime() - started.getTime(),
  };
  const attemptJson = sql`${webhookDeliveries.attempts} || ${JSON.stringify([attempt])}::jsonb`;
  if (!error) {
    await db.transaction(async (tx) => {
      await tx
        .update(webhookDeliveries)
        .set({ status: "delivered", deliveredAt: now(), attempts: attemptJson })
        .where(where);
      await tx
        .update(webhookEndpoints)
        .set({ failingSince: null })
        .where(and(eq(webhookEndpoints.studioId, endpoint.studioId), eq(webhookEndpoints.id, endpoint.id)));
    });
    return;
  }
  const failingSince = endpoint.failingSince ?? started;
  const disable = started.getTime() - failingSince.getTime() >= DISABLE_AFTER_MS;
  const lastTry = run.attempts >= run.maxAttempts;
  await db.transaction(async (tx) => {
    await tx
      .update(webhookDeliveries)
      .set({ attempts: attemptJson, ...((disable || lastTry) && { status: "failed" }) })
      .where(where);
    await tx
      .update(webhookEndpoints)
      .set({
        failingSince,
        ...(disable && { disabledAt: started, disabledReason: "Deliveries failed for 24 hours." }),
      })
      .where(and(eq(webhookEndpoints.studioId, endpoint.studioId), eq(webhookEndpoints.id, endpoint.id)));
    if (disable) await tellOwners(tx as never, endpoint.studioId, endpoint.id, endpoint.url, started);
  });
  if (!disable) throw new DeliveryFailed(error);
}

/** X2: the owners learn that an endpoint was disabled (a mail job in the same transaction). */
async function tellOwners(db: Ctx["db"], studioId: string, endpointId: string, url: string, at: Date) {
  const [studio] = await db.select().from(studios).where(eq(studios.id, studioId));
  if (!studio) return;
  const ctx: Ctx = { db, studio, actor: { kind: "system", reason: "webhook endpoint failing" }, now: at };
  await audit(ctx, { action: "webhook.disabled", table: "webhook_endpoints", rowId: endpointId, data: { url } });
  const owners = await db
    .select({ email: users.email })
    .from(staff)
    .innerJoin(users, eq(users.id, staff.userId))
    .where(and(eq(staff.studioId, studioId), eq(staff.role, "owner")));
  for (const o of owners) {
    await enqueueMail(
      ctx,
      {
        kind: "webhook_disabled",
        to: o.email,
        subject: `A webhook of ${studio.name} was turned off`,
        text:
          `Deliveries to ${url} have failed for 24 hours, so Roster stopped sending events to it.\n\n` +
          `Fix the receiver, then turn the endpoint on again under Settings → Webhooks, where every attempt is listed.`,
      },
      { key: `webhook-disabled:${endpointId}:${at.toISOString()}:${o.email}` },
    );
  }
}
