import { and, desc, eq, lt, or } from "drizzle-orm";
import { z } from "zod";
import { messages, type Message } from "@/db/schema";
import { requireRole, type Ctx } from "@/lib/core/ctx";
import { decodeCursor, Limit, toPage, type Page } from "@/lib/core/pagination";
import { parseInput } from "@/lib/core/validation";

export const ListMessagesInput = z.object({ limit: Limit, cursor: z.string().max(500).optional() });

/** Settings → Sent mail: every mail the studio sent or tried to send, newest first (owners only). */
export async function listMessages(ctx: Ctx, raw: z.input<typeof ListMessagesInput> = {}): Promise<Page<Message>> {
  requireRole(ctx, "owner");
  const input = parseInput(ListMessagesInput, raw);
  const after = decodeCursor(input.cursor, 2) as [string, string] | null;
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
  return toPage(rows, input.limit, (m) => [m.createdAt.toISOString(), m.id], (m) => m);
}
