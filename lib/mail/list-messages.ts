import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { messages, type Message } from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { NotFoundError, RuleError } from "@/lib/core/errors";
import { requirePermission } from "@/lib/core/permissions";
import { enqueue } from "@/lib/jobs/queue";
import { CursorInstant, decodeCursor, Limit, toPage, type Page } from "@/lib/core/pagination";
import { parseInput } from "@/lib/core/validation";
import { NOT_KEPT } from "./outbox";

export const ListMessagesInput = z.object({ limit: Limit, cursor: z.string().max(500).optional() });

/** Settings → Sent mail: every mail the studio sent or tried to send, newest first (owners only). */
export async function listMessages(ctx: Ctx, raw: z.input<typeof ListMessagesInput> = {}): Promise<Page<Message>> {
  requirePermission(ctx, "settings");
  const input = parseInput(ListMessagesInput, raw);
  const after = decodeCursor(input.cursor, z.tuple([CursorInstant, z.uuid()]));
  const rows = await ctx.db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.studioId, ctx.studio.id),
        after
          ? or(
              lt(messages.createdAt, new Date(after[0])),
              and(eq(messages.createdAt, new Date(after[0])), lt(messages.id, after[1])),
            )
          : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(input.limit + 1);
  return toPage(
    rows,
    input.limit,
    (m) => [m.createdAt.toISOString(), m.id],
    (m) => m,
  );
}

export const RetryMessageInput = z.object({ id: z.uuid() });

/** Why a failed mail with a one-time link cannot be sent again once its job is gone. */
export const LINK_NOT_KEPT =
  "This mail carried a one-time link, which Roster does not keep, so it cannot be sent again. Ask them to request a new one (a password: “Forgot password?” on the sign-in page).";

/**
 * Sends a failed mail again (owners, J1): the message goes back to `queued`
 * and its `mail.send` job runs now with fresh attempts. The row keeps its
 * id, so the retried mail carries the same Message-ID. A mail whose link is a
 * credential (a password reset, a change of email, a guest's booking link)
 * carried that link only in its job: once the job is gone it is refused
 * (`link_not_kept`), rather than sent with Sent mail's placeholder for the link.
 */
export async function retryMessage(ctx: Ctx, raw: z.input<typeof RetryMessageInput>): Promise<void> {
  requirePermission(ctx, "settings");
  const { id } = parseInput(RetryMessageInput, raw);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(messages)
      .set({ status: "queued" })
      .where(and(eq(messages.studioId, ctx.studio.id), eq(messages.id, id), eq(messages.status, "failed")))
      .returning({ id: messages.id, body: messages.body, props: messages.props });
    if (!row) throw new NotFoundError("That failed mail");
    // A permanently failed job may still hold the key: put it back to work, else enqueue anew.
    const rescheduled = await tx.execute(sql`
      select 1 from graphile_worker.reschedule_jobs(
        array(select id from graphile_worker._private_jobs where payload->>'messageId' = ${id}),
        run_at => now(), attempts => 0)`);
    const n = Array.isArray(rescheduled)
      ? rescheduled.length
      : ((rescheduled as { rows?: unknown[] }).rows?.length ?? 0);
    if (n) return;
    if (row.body.includes(NOT_KEPT) || Object.values(row.props ?? {}).includes(NOT_KEPT))
      throw new RuleError("link_not_kept", LINK_NOT_KEPT);
    await enqueue(
      { ...ctx, db: tx },
      "mail.send",
      { studioId: ctx.studio.id, messageId: id },
      { key: `${id}:retry:${Date.now()}` },
    );
  });
}
