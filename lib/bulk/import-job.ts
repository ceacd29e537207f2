import { and, asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { bulkOperationFiles, bulkOperations } from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { DomainError } from "@/lib/core/errors";
import { parseInput } from "@/lib/core/validation";
import { enqueue } from "@/lib/jobs";
import { ImportInput, runImport, type ImportFormat, type ImportSource } from "@/lib/memberships/import";
import { getPlan } from "@/lib/plans/plans";
import { forgetProgress, operationCtx, reportProgress } from "./operations";

/** Confirmed imports with more rows than this run as a job (J1); smaller ones stay in the request. */
export const IMPORT_INLINE_MAX_ROWS = 2000;
/** Size of the stored pieces of a confirmed file. */
const PIECE_BYTES = 1024 * 1024;

export const StartImportInput = ImportInput.extend({
  fileName: z.string().trim().max(200).optional(),
  /** Rows the preview counted: the progress bar's whole. */
  rows: z.number().int().min(0).max(100_000_000).optional(),
});

/** Re-cuts a stream of chunks into pieces of PIECE_BYTES. */
async function* pieces(source: ImportSource): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder();
  let buf: Uint8Array[] = [];
  let size = 0;
  const chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string> =
    typeof source === "string"
      ? [source]
      : typeof (source as ReadableStream).getReader === "function" && !(Symbol.asyncIterator in source)
        ? (async function* () {
            const reader = (source as ReadableStream<Uint8Array>).getReader();
            for (;;) {
              const { done, value } = await reader.read();
              if (done) return;
              yield value;
            }
          })()
        : (source as AsyncIterable<Uint8Array | string>);
  for await (const c of chunks) {
    const bytes = typeof c === "string" ? enc.encode(c) : c;
    buf.push(bytes);
    size += bytes.byteLength;
    if (size >= PIECE_BYTES) {
      yield Buffer.concat(buf);
      buf = [];
      size = 0;
    }
  }
  if (size) yield Buffer.concat(buf);
}

/**
 * M10, J1: the confirmed file of a large import is stored (in ~1 MiB pieces,
 * written as they arrive, never held whole) and one `bulk.import` job is
 * enqueued with the operation in one transaction at the end; the job imports
 * it as runImport does (all valid rows in one transaction). Returns the
 * operation to follow. A failed upload leaves nothing behind.
 */
export async function startImportOperation(
  ctx: Ctx,
  raw: z.input<typeof StartImportInput> & { source: ImportSource; maxBytes?: number },
): Promise<{ operationId: string }> {
  requirePermission(ctx, "memberships.sell");
  const input = parseInput(StartImportInput, raw);
  const plan = await getPlan(ctx, input.planId);
  const [op] = await ctx.db
    .insert(bulkOperations)
    .values({
      studioId: ctx.studio.id,
      kind: "import",
      status: "uploading",
      title: `${input.fileName || "Members file"} → ${plan.name}`,
      actor: { ...ctx.actor },
      total: input.rows ?? 0,
      input: { planId: input.planId, format: input.format, fileName: input.fileName ?? null },
      createdAt: ctx.now,
    })
    .returning({ id: bulkOperations.id });
  const operationId = op!.id;
  const where = and(eq(bulkOperations.studioId, ctx.studio.id), eq(bulkOperations.id, operationId));
  try {
    let seq = 0;
    let bytes = 0;
    for await (const piece of pieces(raw.source)) {
      bytes += piece.byteLength;
      if (raw.maxBytes && bytes > raw.maxBytes) {
        throw new DomainError(
          "invalid_input",
          `The file is larger than ${Math.floor(raw.maxBytes / 1024 / 1024)} MiB. Split it into smaller files and import each.`,
        );
      }
      await ctx.db.insert(bulkOperationFiles).values({ studioId: ctx.studio.id, operationId, seq: seq++, data: piece });
    }
    await ctx.db.transaction(async (tx) => {
      await tx.update(bulkOperations).set({ status: "queued" }).where(where);
      await enqueue({ ...ctx, db: tx }, "bulk.import", { studioId: ctx.studio.id, operationId }, { key: operationId });
    });
  } catch (e) {
    await ctx.db.delete(bulkOperations).where(where);
    throw e;
  }
  return { operationId };
}

async function* storedFile(db: Ctx["db"], studioId: string, operationId: string): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const [piece] = await db
      .select({ data: bulkOperationFiles.data })
      .from(bulkOperationFiles)
      .where(
        and(
          eq(bulkOperationFiles.studioId, studioId),
          eq(bulkOperationFiles.operationId, operationId),
          gt(bulkOperationFiles.seq, seq - 1),
        ),
      )
      .orderBy(asc(bulkOperationFiles.seq))
      .limit(1);
    if (!piece) return;
    yield piece.data instanceof Uint8Array ? piece.data : new Uint8Array(piece.data as ArrayBuffer);
  }
}

/**
 * The `bulk.import` job (M10, J1): imports the stored file with runImport as
 * the actor who confirmed it: every valid row in one transaction, the same
 * file twice adding nothing. Progress goes to the operation while it runs;
 * the result (counts and every row's errors) replaces the file, which is
 * deleted in the import's own transaction. A file refused as a whole ends the
 * operation `failed` with the reason, and is not retried.
 */
export async function runBulkImportJob(payload: { studioId: string; operationId: string }): Promise<void> {
  const db = await getDb();
  const found = await operationCtx(db, payload.studioId, payload.operationId);
  if (!found || found.op.status === "completed" || found.op.status === "failed") return;
  const { ctx, op } = found;
  const where = and(eq(bulkOperations.studioId, op.studioId), eq(bulkOperations.id, op.id));
  await db.update(bulkOperations).set({ status: "running", startedAt: new Date(), done: 0, failed: 0 }).where(where);
  const input = op.input as { planId: string; format: ImportFormat };
  try {
    await db.transaction(async (txDb) => {
      const tx: Ctx = { ...ctx, db: txDb as unknown as Ctx["db"] };
      const result = await runImport(tx, {
        planId: input.planId,
        format: input.format,
        source: storedFile(tx.db, op.studioId, op.id),
        onProgress: (p) => reportProgress(op.studioId, op.id, { done: p.processed, failed: p.invalid }),
      });
      await txDb
        .delete(bulkOperationFiles)
        .where(and(eq(bulkOperationFiles.studioId, op.studioId), eq(bulkOperationFiles.operationId, op.id)));
      const processed = result.valid + result.invalid;
      await txDb
        .update(bulkOperations)
        .set({
          status: "completed",
          total: processed,
          done: processed,
          failed: result.invalid,
          result: { ...result },
          finishedAt: new Date(),
        })
        .where(where);
    });
  } catch (e) {
    if (!(e instanceof DomainError)) throw e; // retried by the queue
    await db
      .delete(bulkOperationFiles)
      .where(and(eq(bulkOperationFiles.studioId, op.studioId), eq(bulkOperationFiles.operationId, op.id)));
    await db.update(bulkOperations).set({ status: "failed", error: e.message, finishedAt: new Date() }).where(where);
  } finally {
    forgetProgress(op.id);
  }
}
