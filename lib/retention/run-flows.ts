import { and, eq, inArray } from "drizzle-orm";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { getDb } from "@/db";
import { retentionFlows, retentionSends, studios, type RetentionFlow, type Studio } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { rowsOf } from "@/lib/core/sql";
import { enqueueTemplateMailRecord } from "@/lib/mail/outbox";
import { audienceSql, episodeSql } from "./audience";
import { fillPlaceholders } from "./flows";
import { unsubscribeUrl } from "./unsubscribe";

/** Mails queued per transaction. */
const BATCH = 200;

export const retentionMailKey = (flow: RetentionFlow, clientId: string, episode: string) =>
  `retention:${flow}:${clientId}:${episode}`;

/**
 * Runs the switched-on flows of every studio (or one): for each client the flow mails now (lib/retention/audience),
 * one mail (template `retention_message`, with the client's unsubscribe link, C2) and its `retention_sends` row, in
 * one transaction with the outbox row (J1). The send's key (studio, flow, client, episode) and the mail's key make
 * a second run, or two at once, send nothing twice. Returns how many mails were queued.
 */
export async function runRetentionFlows(
  db: Db,
  now: Date,
  opts: { flows: readonly RetentionFlow[]; studioId?: string },
): Promise<number> {
  const on = await db
    .select({ flow: retentionFlows, studio: studios })
    .from(retentionFlows)
    .innerJoin(studios, eq(studios.id, retentionFlows.studioId))
    .where(
      and(
        eq(retentionFlows.enabled, true),
        inArray(retentionFlows.flow, [...opts.flows]),
        opts.studioId ? eq(retentionFlows.studioId, opts.studioId) : undefined,
      ),
    );
  let queued = 0;
  for (const { flow, studio } of on) {
    for (;;) {
      const n = await db.transaction(async (tx) => {
        const ctx: Ctx = {
          db: tx as unknown as Db,
          studio: studio as Studio,
          actor: { kind: "system", reason: `retention ${flow.flow}` },
          now,
        };
        const due = rowsOf<{ id: string; name: string; email: string; episode: string }>(
          await ctx.db.execute(sql`select c.id, c.name, c.email, ${episodeSql(flow.flow)} as episode
            ${audienceSql(studio.id, flow.flow, now)} order by c.id limit ${BATCH}`),
        );
        let sent = 0;
        for (const c of due) {
          const link = unsubscribeUrl(studio, c.id);
          if (!link) continue; // C2: never a marketing mail without its unsubscribe link (APP_URL unset)
          const values = { name: c.name, studioName: studio.name };
          const subject = fillPlaceholders(flow.subject, values).replace(/[\r\n]+/g, " ");
          const messageId = await enqueueTemplateMailRecord(
            ctx,
            "retention_message",
            { subject, body: fillPlaceholders(flow.body, values), unsubscribeUrl: link },
            { to: c.email, clientId: c.id, key: retentionMailKey(flow.flow, c.id, c.episode) },
          );
          if (!messageId) continue;
          await ctx.db
            .insert(retentionSends)
            .values({
              studioId: studio.id,
              flow: flow.flow,
              clientId: c.id,
              episode: c.episode,
              subject,
              sentAt: now,
            })
            .onConflictDoNothing();
          sent++;
        }
        return { sent, more: due.length === BATCH && sent > 0 };
      });
      queued += n.sent;
      if (!n.more) break;
    }
  }
  return queued;
}

/** The `retention.recent` scheduled job (J2, every minute): welcome and growing. */
export async function retentionRecentJob(): Promise<void> {
  await runRetentionFlows(await getDb(), new Date(), { flows: ["welcome", "growing"] });
}

/** The `retention.lapsed` scheduled job (J2, daily): win-back. */
export async function retentionLapsedJob(): Promise<void> {
  await runRetentionFlows(await getDb(), new Date(), { flows: ["winback"] });
}
