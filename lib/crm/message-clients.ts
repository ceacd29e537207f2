import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { clients, users } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { requireRole, type Ctx } from "@/lib/core/ctx";
import { ForbiddenError, NotFoundError } from "@/lib/core/errors";
import { isUuid, parseInput } from "@/lib/core/validation";
import { sendMail } from "@/lib/mail/send-mail";
import { hitRateLimit, type Limit } from "@/lib/security/rate-limit";

/** The most clients one message may go to (a list selection). */
export const MAX_RECIPIENTS = 1000;
/** Mails in flight at once: enough to get through a thousand in reasonable time, few enough not to hammer the SMTP server. */
const CONCURRENCY = 3;
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
  sent: number;
  /** Refused by the mail server, or not sent because no SMTP server is configured. */
  failed: number;
  /** No email address (e.g. a participant, H1) or erased (P1): nothing was sent. */
  skipped: number;
  /** The first failure's reason, to show staff. */
  error: string | null;
};

/**
 * R8: staff email one client or a selection (up to 1,000): one mail per client
 * with an email address, through SMTP, with Reply-To set to the acting staff
 * member so answers reach them. Clients without an email and erased ones are
 * skipped. Every mail is recorded in `messages` (kind `client_message`, shown
 * under Settings → Sent mail). No transaction is held while SMTP talks; mails
 * go out a few at a time.
 */
export async function messageClients(
  ctx: Ctx,
  raw: MessageClientsInput,
  env: Record<string, string | undefined> = process.env,
): Promise<MessageClientsResult> {
  requireRole(ctx, "instructor");
  if (ctx.actor.kind !== "staff") throw new ForbiddenError("Messages are sent by a staff member, whose address receives the replies.");
  const staffUserId = ctx.actor.userId;
  const input = parseInput(MessageClientsInput, raw);
  const ids = [...new Set(input.clientIds)];
  if (!ids.every(isUuid)) throw new NotFoundError("Client");

  const [rows, [sender]] = await Promise.all([
    ctx.db
      .select({ id: clients.id, email: clients.email, erasedAt: clients.erasedAt })
      .from(clients)
      .where(and(eq(clients.studioId, ctx.studio.id), inArray(clients.id, ids))),
    ctx.db.select({ email: users.email }).from(users).where(eq(users.id, staffUserId)),
  ]);
  if (rows.length !== ids.length) throw new NotFoundError(ids.length === 1 ? "Client" : "One of the selected clients");
  if (!sender) throw new ForbiddenError();
  await hitRateLimit(ctx.db, `message:${ctx.studio.id}:${staffUserId}`, MESSAGE_LIMIT, ctx.now);

  const order = new Map(ids.map((id, i) => [id, i]));
  const recipients = rows
    .filter((r): r is typeof r & { email: string } => r.email !== null && r.erasedAt === null)
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const result: MessageClientsResult = { total: ids.length, sent: 0, failed: 0, skipped: ids.length - recipients.length, error: null };

  let next = 0;
  const worker = async () => {
    while (next < recipients.length) {
      const r = recipients[next++]!;
      const row = await sendMail(
        ctx,
        { kind: "client_message", to: r.email, subject: input.subject, text: input.body, replyTo: sender.email, clientId: r.id },
        env,
      );
      if (row.status === "sent") result.sent++;
      else {
        result.failed++;
        result.error ??= row.error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, recipients.length) }, worker));

  await audit(ctx, {
    action: "clients.messaged",
    table: "messages",
    data: { total: result.total, sent: result.sent, failed: result.failed, skipped: result.skipped },
  });
  return result;
}
