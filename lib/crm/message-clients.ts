import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { apiKeys, bulkOperations, clients, users } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { requireScope } from "@/lib/api/scopes";
import { ForbiddenError, NotFoundError } from "@/lib/core/errors";
import { isUuid, parseInput } from "@/lib/core/validation";
import { enqueue, enqueueTemplateMail } from "@/lib/jobs";
import { hitRateLimit, type Limit } from "@/lib/security/rate-limit";

/** The most clients one message may go to (a list selection). */
export const MAX_RECIPIENTS = 1000;
/** Messages (not mails) one staff member may send per hour: a runaway script or a double-clicking hand stops here. */
export const MESSAGE_LIMIT: Limit = { max: 60, windowSeconds: 60 * 60 };

export const MessageClientsInput = z.object({
  clientIds: z
    .array(z.string().max(100))
    .min(1, { error: "Choose at least one client." })
    .max(MAX_RECIPIENTS, { error: `Send to at most ${MAX_RECIPIENTS} clients at once.` }),
  subject: z
    .string({ error: "Enter a subject." })
    .trim()
    .min(1, { error: "Enter a subject." })
    .max(200, { error: "Keep the subject under 200 characters." })
    .refine((s) => !/[\r\n]/.test(s), { error: "The subject must be one line." }),
  body: z
    .string({ error: "Write the message." })
    .trim()
    .min(1, { error: "Write the message." })
    .max(20_000, { error: "Keep the message under 20,000 characters." }),
});
export type MessageClientsInput = z.input<typeof MessageClientsInput>;

export type MessageClientsResult = {
  /** Clients named. */
  total: number;
  /** Clients with an email address: one mail each is on its way. */
  queued: number;
  /** No email address (e.g. a participant, H1) or erased (P1): nothing is sent to them. */
  skipped: number;
  /** The bulk operation whose job sends the mails (J1); null for one client, whose mail is enqueued at once. */
  operationId: string | null;
};

/**
 * R8, J1: staff email one client or a selection (up to 1,000): one mail per
 * client with an email address, Reply-To the acting staff member so answers
 * reach them. Clients without an email and erased ones are skipped. Nothing
 * talks to SMTP here. One client: the mail is enqueued in this transaction.
 * More: a bulk operation is recorded and its one `bulk.message` job enqueued
 * in the same transaction; the job fans out one queued mail per recipient
 * (kind `client_message`, under Settings → Sent mail), and the operation's page
 * shows them going out.
 */
async function keyCreator(ctx: Ctx, keyId: string): Promise<string | null> {
  const [row] = await ctx.db
    .select({ userId: apiKeys.createdByUserId })
    .from(apiKeys)
    .where(and(eq(apiKeys.studioId, ctx.studio.id), eq(apiKeys.id, keyId)));
  return row?.userId ?? null;
}

export async function messageClients(ctx: Ctx, raw: MessageClientsInput): Promise<MessageClientsResult> {
  requirePermission(ctx, "messages.send");
  requireScope(ctx, "message");
  // X3: an API key (an assistant with the `message` scope) sends as the owner who made the key; replies reach them.
  const staffUserId =
    ctx.actor.kind === "staff"
      ? ctx.actor.userId
      : ctx.actor.kind === "api"
        ? await keyCreator(ctx, ctx.actor.keyId)
        : null;
  if (!staffUserId)
    throw new ForbiddenError("Messages are sent by a staff member, whose address receives the replies.");
  const input = parseInput(MessageClientsInput, raw);
  const ids = [...new Set(input.clientIds)];
  if (!ids.every(isUuid)) throw new NotFoundError("Client");

  const [rows, [sender]] = await Promise.all([
    ctx.db
      .select({ id: clients.id, email: clients.email, erasedAt: clients.erasedAt })
      .from(clients)
      .where(and(eq(clients.studioId, ctx.studio.id), inArray(clients.id, ids))),
    ctx.db.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, staffUserId)),
  ]);
  if (rows.length !== ids.length) throw new NotFoundError(ids.length === 1 ? "Client" : "One of the selected clients");
  if (!sender) throw new ForbiddenError();
  const limitKey = ctx.actor.kind === "api" ? `key:${ctx.actor.keyId}` : staffUserId;
  await hitRateLimit(ctx.db, `message:${ctx.studio.id}:${limitKey}`, MESSAGE_LIMIT, ctx.now);

  const order = new Map(ids.map((id, i) => [id, i]));
  const recipients = rows
    .filter((r): r is typeof r & { email: string } => r.email !== null && r.erasedAt === null)
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const skipped = ids.length - recipients.length;

  return inTransaction(ctx, async (tx) => {
    let operationId: string | null = null;
    if (ids.length === 1) {
      const r = recipients[0];
      if (r) {
        await enqueueTemplateMail(
          tx,
          "client_message",
          { subject: input.subject, body: input.body },
          { to: r.email, replyTo: sender.email, clientId: r.id, key: `message:${randomUUID()}` },
        );
      }
    } else {
      const [op] = await tx.db
        .insert(bulkOperations)
        .values({
          studioId: ctx.studio.id,
          kind: "message",
          status: recipients.length ? "queued" : "completed",
          title: input.subject,
          actor: { ...ctx.actor, name: sender.name ?? sender.email },
          total: ids.length,
          input: {
            recipientIds: recipients.map((r) => r.id),
            subject: input.subject,
            body: input.body,
            replyTo: sender.email,
            skipped,
          },
          result: { skipped },
          createdAt: ctx.now,
          finishedAt: recipients.length ? null : ctx.now,
        })
        .returning({ id: bulkOperations.id });
      operationId = op!.id;
      if (recipients.length)
        await enqueue(tx, "bulk.message", { studioId: ctx.studio.id, operationId }, { key: operationId });
    }
    await audit(tx, {
      action: "clients.messaged",
      table: "messages",
      data: { total: ids.length, queued: recipients.length, skipped, operationId },
    });
    return { total: ids.length, queued: recipients.length, skipped, operationId };
  });
}
