import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { bulkOperations, clients } from "@/db/schema";
import { inTransaction } from "@/lib/core/ctx";
import { enqueueTemplateMail } from "@/lib/jobs";
import { bulkMailKey, operationCtx } from "./operations";

/** Recipients per transaction of the fan-out (100): each batch commits its queued mails and the progress together. */
export const MESSAGE_BATCH = 100;

type MessageInput = { recipientIds: string[]; subject: string; body: string; replyTo: string; skipped: number };

/**
 * The `bulk.message` job (R8, J1): fans a bulk message out into one queued
 * mail per recipient (`enqueueTemplateMail`, template `client_message`, key `bulk:<operation>:<client>`), in
 * batches of 200, each batch one transaction with the operation's progress.
 * Safe to run again: a recipient's key makes their mail once, and a client
 * erased since the request (P1) or without an email now is skipped.
 */
export async function runBulkMessageJob(payload: { studioId: string; operationId: string }): Promise<void> {
  const db = await getDb();
  const found = await operationCtx(db, payload.studioId, payload.operationId);
  if (!found || found.op.status === "completed" || found.op.status === "failed") return;
  const { ctx, op } = found;
  const input = op.input as MessageInput;
  const where = and(eq(bulkOperations.studioId, op.studioId), eq(bulkOperations.id, op.id));
  const startedAt = op.startedAt ?? new Date();
  await db.update(bulkOperations).set({ status: "running", startedAt }).where(where);

  let skipped = input.skipped;
  for (let i = 0; i < input.recipientIds.length; i += MESSAGE_BATCH) {
    const ids = input.recipientIds.slice(i, i + MESSAGE_BATCH);
    await inTransaction({ ...ctx, now: new Date() }, async (tx) => {
      const live = await tx.db
        .select({ id: clients.id, email: clients.email })
        .from(clients)
        .where(and(eq(clients.studioId, op.studioId), inArray(clients.id, ids), isNull(clients.erasedAt)));
      const byId = new Map(live.map((c) => [c.id, c.email]));
      for (const id of ids) {
        const to = byId.get(id);
        if (!to) {
          skipped++;
          continue;
        }
        await enqueueTemplateMail(
          tx,
          "client_message",
          { subject: input.subject, body: input.body },
          { to, replyTo: input.replyTo, clientId: id, key: bulkMailKey(op.id, id) },
        );
      }
      await tx.db
        .update(bulkOperations)
        .set({ done: sql`${Math.min(i + ids.length, input.recipientIds.length)}::int`, result: { skipped } })
        .where(where);
    });
  }
  await db
    .update(bulkOperations)
    .set({ status: "completed", finishedAt: new Date(), result: { skipped } })
    .where(where);
}
