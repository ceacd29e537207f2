import type { Ctx } from "@/lib/core/ctx";
import { enqueueMailRecord, enqueueTemplateMailRecord, type Mail, type TemplateMailOptions } from "@/lib/mail/outbox";
import type { TemplateName, TemplateProps } from "@/lib/mail/templates";

/**
 * The effects layer's public surface (J1, J2); see lib/jobs/README.md.
 *
 * Call `enqueueMail`/`enqueue` INSIDE the transaction that causes the effect,
 * with `ctx` being that transaction, and a `key` that names the effect
 * (`verify:<tokenId>`, `booked:<bookingId>`): a rollback discards it, a commit
 * makes it durable, a worker delivers it at least once, and the key makes it
 * happen once. Tests that read a mail call `await drainJobs()` first.
 */
export async function enqueueMail(ctx: Ctx, mail: Mail, opts: { key: string }): Promise<void> {
  await enqueueMailRecord(ctx, mail, opts);
}

/**
 * A mail from a template (lib/mail/templates: `welcome`, `client_erased`, …),
 * enqueued in `ctx.db` like `enqueueMail`; the job renders it with react-email.
 */
export async function enqueueTemplateMail<N extends TemplateName>(
  ctx: Ctx,
  template: N,
  props: Omit<TemplateProps<N>, "studioName">,
  opts: TemplateMailOptions,
): Promise<void> {
  await enqueueTemplateMailRecord(ctx, template, props, opts);
}

export { enqueue, drainJobs, startWorkers, stopWorkers, type EnqueueOptions } from "./queue";
export { defineJob, registerJob, type JobDefinition, type JobRun } from "./registry";
export type { JobName, JobPayload } from "./definitions";
export type { Mail, TemplateMailOptions, TemplateName };
/** What Sent mail shows in place of a link that is a credential (`recordedText`, TemplateMailOptions.secret). */
export { NOT_KEPT } from "@/lib/mail/outbox";
