import { auditLog } from "@/db/schema";
import { EVENT_OF_AUDIT_ACTION } from "@/lib/webhooks/events";
import { actorId, type Ctx } from "./ctx";

/**
 * Appends one row to the studio's audit log (append-only in the database itself). An action that is also a webhook
 * event (X2, lib/webhooks/events.ts) records the event's deliveries in the same transaction.
 */
export async function audit(
  ctx: Ctx,
  entry: { action: string; table: string; rowId?: string | null; data?: Record<string, unknown> },
): Promise<void> {
  await ctx.db.insert(auditLog).values({
    studioId: ctx.studio.id,
    actorType: ctx.actor.kind,
    actorId: actorId(ctx.actor),
    action: entry.action,
    tableName: entry.table,
    rowId: entry.rowId ?? null,
    data: entry.data ?? null,
    at: ctx.now,
  });
  if (entry.action in EVENT_OF_AUDIT_ACTION) {
    const { emitForAudit } = await import("@/lib/webhooks/emit");
    await emitForAudit(ctx, entry);
  }
}
