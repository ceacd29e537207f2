import { and, desc, eq, gte, like, lte, sql } from "drizzle-orm";
import { getDatabase } from "@/db";
import type { Db } from "@/db";
import { bulkOperations, messages, studios, type BulkOperation, type Studio } from "@/db/schema";
import { type Actor, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { NotFoundError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/validation";

/** The prefix of every mail key of a bulk message: `bulk:<operationId>:<clientId>` (J1: one mail per recipient). */
export const bulkMailKey = (operationId: string, clientId: string) => `bulk:${operationId}:${clientId}`;

/** What the dashboard shows of an operation (J1): where it stands and what came of it. */
export type BulkOperationView = {
  id: string;
  kind: BulkOperation["kind"];
  /** queued → running → completed | failed; a message is `sending` while its mails are still queued. */
  state: "queued" | "running" | "sending" | "completed" | "failed";
  title: string;
  total: number;
  /** Items handled so far: rows read (import), mails sent, failed or skipped (message). */
  done: number;
  failed: number;
  /** Message: mails by outcome. */
  mail: { sent: number; failed: number; queued: number; skipped: number; notSent: number; error: string | null } | null;
  result: Record<string, unknown> | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  by: string | null;
};

type Progress = { done: number; failed: number };
type Global = typeof globalThis & { __rosterBulkProgress?: Map<string, Progress> };
const live = () => ((globalThis as Global).__rosterBulkProgress ??= new Map());

/**
 * Records a running job's progress (J1). An import writes its rows in one
 * transaction, so the progress goes through another connection (Postgres);
 * on the embedded PGlite there is only the one connection, held by that
 * transaction, so the progress lives in this process, which is also the one
 * serving the dashboard. Reads merge both.
 */
export async function reportProgress(studioId: string, operationId: string, p: Progress): Promise<void> {
  live().set(operationId, p);
  const handle = await getDatabase();
  if (handle.kind !== "postgres") return;
  await handle.db
    .update(bulkOperations)
    .set({ done: p.done, failed: p.failed })
    .where(
      and(
        eq(bulkOperations.studioId, studioId),
        eq(bulkOperations.id, operationId),
        sql`${bulkOperations.status} = 'running'`,
      ),
    );
}

export function forgetProgress(operationId: string): void {
  live().delete(operationId);
}

/** The ctx a job acts in: the studio and the actor recorded on the operation, the clock now. */
export async function operationCtx(
  db: Db,
  studioId: string,
  operationId: string,
): Promise<{ ctx: Ctx; op: BulkOperation } | null> {
  const [row] = await db
    .select({ op: bulkOperations, studio: studios })
    .from(bulkOperations)
    .innerJoin(studios, eq(studios.id, bulkOperations.studioId))
    .where(and(eq(bulkOperations.studioId, studioId), eq(bulkOperations.id, operationId)));
  if (!row) return null;
  return { op: row.op, ctx: { db, studio: row.studio as Studio, actor: row.op.actor as Actor, now: new Date() } };
}

async function mailCounts(ctx: Ctx, op: BulkOperation) {
  const r = await ctx.db
    .select({
      status: messages.status,
      n: sql<number>`count(*)::int`,
      error: sql<string | null>`max(${messages.error})`,
    })
    .from(messages)
    .where(
      and(
        eq(messages.studioId, ctx.studio.id),
        // The fan-out writes its mails between its start and its end: the index on (studio, created_at) finds them.
        gte(messages.createdAt, op.startedAt ?? op.createdAt),
        op.finishedAt ? lte(messages.createdAt, op.finishedAt) : undefined,
        like(messages.key, `bulk:${op.id}:%`),
      ),
    )
    .groupBy(messages.status);
  const by = Object.fromEntries(r.map((x) => [x.status, x])) as Record<
    string,
    { n: number; error: string | null } | undefined
  >;
  const skipped = Number((op.result as { skipped?: number } | null)?.skipped ?? 0);
  return {
    sent: by.sent?.n ?? 0,
    failed: by.failed?.n ?? 0,
    queued: by.queued?.n ?? 0,
    notSent: by.not_sent?.n ?? 0,
    skipped,
    error: by.failed?.error ?? by.queued?.error ?? by.not_sent?.error ?? null,
  };
}

async function view(ctx: Ctx, op: BulkOperation): Promise<BulkOperationView> {
  const a = op.actor as { kind?: string; name?: string };
  const base = {
    id: op.id,
    kind: op.kind,
    title: op.title,
    total: op.total,
    result: op.result ?? null,
    error: op.error,
    createdAt: op.createdAt,
    finishedAt: op.finishedAt,
    by: typeof a.name === "string" ? a.name : null,
  };
  if (op.kind === "message") {
    const mail = await mailCounts(ctx, op);
    const handled = mail.sent + mail.failed + mail.notSent + mail.skipped;
    const state =
      op.status === "completed"
        ? mail.queued > 0
          ? "sending"
          : "completed"
        : op.status === "uploading"
          ? "queued"
          : op.status;
    return { ...base, state, done: Math.min(handled, op.total), failed: mail.failed + mail.notSent, mail };
  }
  const p = op.status === "running" ? live().get(op.id) : undefined;
  const state = op.status === "uploading" ? "queued" : op.status;
  return {
    ...base,
    state,
    done: Math.max(op.done, p?.done ?? 0),
    failed: Math.max(op.failed, p?.failed ?? 0),
    mail: null,
  };
}

/** One operation of this studio (staff), with its progress (J1). */
export async function getBulkOperation(ctx: Ctx, id: string): Promise<BulkOperationView> {
  requirePermission(ctx, "messages.send");
  if (!isUuid(id)) throw new NotFoundError("That operation");
  const [op] = await ctx.db
    .select()
    .from(bulkOperations)
    .where(and(eq(bulkOperations.studioId, ctx.studio.id), eq(bulkOperations.id, id)));
  if (!op) throw new NotFoundError("That operation");
  return view(ctx, op);
}

/** The studio's recent bulk messages and imports, newest first (staff), to come back to (J1). */
export async function listBulkOperations(
  ctx: Ctx,
  opts: { kind?: BulkOperation["kind"]; limit?: number } = {},
): Promise<BulkOperationView[]> {
  requirePermission(ctx, "messages.send");
  const rows = await ctx.db
    .select()
    .from(bulkOperations)
    .where(
      and(
        eq(bulkOperations.studioId, ctx.studio.id),
        opts.kind ? eq(bulkOperations.kind, opts.kind) : undefined,
        sql`${bulkOperations.status} <> 'uploading'`,
      ),
    )
    .orderBy(desc(bulkOperations.createdAt), desc(bulkOperations.id))
    .limit(Math.min(opts.limit ?? 20, 100));
  return Promise.all(rows.map((op) => view(ctx, op)));
}
