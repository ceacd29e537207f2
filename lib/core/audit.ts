import { auditLog } from "@/db/schema";
import { actorId, type Ctx } from "./ctx";

/** Appends one row to the studio's audit log (append-only in the database itself). */
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
}
