import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { retentionFlows, retentionSends, studios, type RetentionFlow, type Studio } from "@/db/schema";
import { appOrigin } from "@/lib/core/app-origin";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
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
  // C2: never a marketing mail without its unsubscribe link, so nothing goes out while APP_URL is unset.
  if (!appOrigin()) return 0;
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
    const system: Ctx = {
      db,
      studio: studio as Studio,
      actor: { kind: "system", reason: `retention ${flow.flow}` },
      now,
    };
    for (;;) {
      const sent = await inTransaction(system, async (ctx) => {
        const due = rowsOf<{ id: string; name: string; email: string; episode: string }>(
          await ctx.db.execute(sql`select c.id, c.name, c.email, ${episodeSql(flow.flow)} as episode
            ${audienceSql(studio.id, flow.flow, now)} order by c.id limit ${BATCH}`),
        );
        let n = 0;
        for (const c of due) {
          const values = { name: c.name, studioName: studio.name };
          const subject = fillPlaceholders(flow.subject, values).replace(/[\r\n]+/g, " ");
          const messageId = await enqueueTemplateMailRecord(
            ctx,
            "retention_message",
            { subject, body: fillPlaceholders(flow.body, values), unsubscribeUrl: unsubscribeUrl(studio, c.id)! },
            { to: c.email, clientId: c.id, key: retentionMailKey(flow.flow, c.id, c.episode) },
          );
          if (!messageId) continue;
          await ctx.db
            .insert(retentionSends)
            .values({ studioId: studio.id, flow: flow.flow, clientId: c.id, episode: c.episode, subject, sentAt: now })
            .onConflictDoNothing();
          n++;
        }
        return { n, more: due.length === BATCH && n > 0 };
      });
      queued += sent.n;
      if (!sent.more) break;
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
