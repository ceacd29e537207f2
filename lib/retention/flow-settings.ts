import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { retentionFlow, retentionFlows, retentionSends, type RetentionFlow } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { NotFoundError } from "@/lib/core/errors";
import { requirePermission } from "@/lib/core/permissions";
import { rowsOf } from "@/lib/core/sql";
import { isUuid, parseInput } from "@/lib/core/validation";
import { appOrigin } from "@/lib/core/app-origin";
import { audienceSql } from "./audience";
import { FLOWS, flowInfo, type FlowInfo } from "./flows";

export type FlowSettings = FlowInfo & {
  enabled: boolean;
  enabledAt: Date | null;
  defaultSubject: string;
  defaultBody: string;
};

/** Settings → Automations: the three flows, each as saved or (never saved) off with its default template. */
export async function listRetentionFlows(ctx: Ctx): Promise<FlowSettings[]> {
  requirePermission(ctx, "settings");
  const rows = await ctx.db.select().from(retentionFlows).where(eq(retentionFlows.studioId, ctx.studio.id));
  return FLOWS.map((f) => {
    const row = rows.find((r) => r.flow === f.flow);
    return {
      ...f,
      subject: row?.subject ?? f.subject,
      body: row?.body ?? f.body,
      enabled: row?.enabled ?? false,
      enabledAt: row?.enabledAt ?? null,
      defaultSubject: f.subject,
      defaultBody: f.body,
    };
  });
}

export const UpdateRetentionFlowInput = z.object({
  flow: z.enum(retentionFlow.enumValues),
  enabled: z.boolean().default(false),
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
    .max(10_000, { error: "Keep the message under 10,000 characters." }),
});
export type UpdateRetentionFlowInput = z.input<typeof UpdateRetentionFlowInput>;

/** Saves a flow's template and switches it on or off (owners and managers: `settings`). Audited. */
export async function updateRetentionFlow(ctx: Ctx, raw: UpdateRetentionFlowInput): Promise<void> {
  requirePermission(ctx, "settings");
  const input = parseInput(UpdateRetentionFlowInput, raw);
  await inTransaction(ctx, async (tx) => {
    const [before] = await tx.db
      .select({ enabled: retentionFlows.enabled })
      .from(retentionFlows)
      .where(and(eq(retentionFlows.studioId, ctx.studio.id), eq(retentionFlows.flow, input.flow)));
    const switchedOn = input.enabled && !before?.enabled;
    await tx.db
      .insert(retentionFlows)
      .values({
        studioId: ctx.studio.id,
        flow: input.flow,
        enabled: input.enabled,
        subject: input.subject,
        body: input.body,
        enabledAt: input.enabled ? ctx.now : null,
        updatedAt: ctx.now,
      })
      .onConflictDoUpdate({
        target: [retentionFlows.studioId, retentionFlows.flow],
        set: {
          enabled: input.enabled,
          subject: input.subject,
          body: input.body,
          updatedAt: ctx.now,
          ...(switchedOn ? { enabledAt: ctx.now } : {}),
        },
      });
    await audit(tx, {
      action: "retention.flow_updated",
      table: "retention_flows",
      data: { flow: input.flow, enabled: input.enabled },
    });
  });
}

export const PreviewRetentionAudienceInput = z.object({ flow: z.enum(retentionFlow.enumValues) });

export type AudiencePreview = { count: number; names: string[]; linksConfigured: boolean };

/** Who the flow would mail if it ran now (count and the first few names), before an owner switches it on. */
export async function previewRetentionAudience(
  ctx: Ctx,
  raw: z.input<typeof PreviewRetentionAudienceInput>,
  limit = 5,
): Promise<AudiencePreview> {
  requirePermission(ctx, "settings");
  const { flow } = parseInput(PreviewRetentionAudienceInput, raw);
  const audience = audienceSql(ctx.studio.id, flow, ctx.now);
  const [counted, named] = await Promise.all([
    ctx.db.execute(sql`select count(*)::int as n ${audience}`),
    ctx.db.execute(sql`select c.name ${audience} order by c.name, c.id limit ${limit}`),
  ]);
  return {
    count: rowsOf<{ n: number }>(counted)[0]?.n ?? 0,
    names: rowsOf<{ name: string }>(named).map((r) => r.name),
    linksConfigured: appOrigin() !== null,
  };
}

export type ClientRetentionSend = { flow: RetentionFlow; title: string; subject: string; sentAt: Date };

/** The client page's "Automations": the retention mails this client was sent, newest first. */
export async function listClientRetentionSends(ctx: Ctx, clientId: string): Promise<ClientRetentionSend[]> {
  requirePermission(ctx, "clients.read");
  if (!isUuid(clientId)) throw new NotFoundError("Client");
  const rows = await ctx.db
    .select({ flow: retentionSends.flow, subject: retentionSends.subject, sentAt: retentionSends.sentAt })
    .from(retentionSends)
    .where(and(eq(retentionSends.studioId, ctx.studio.id), eq(retentionSends.clientId, clientId)))
    .orderBy(desc(retentionSends.sentAt))
    .limit(50);
  return rows.map((r) => ({ ...r, title: flowInfo(r.flow).title }));
}
