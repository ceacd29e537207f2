import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { messages } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { addJob } from "@/lib/jobs/queue";
import { templateSubject, type TemplateName, type TemplateProps } from "./templates";

export type Mail = {
  kind: string;
  to: string;
  subject: string;
  text: string;
  replyTo?: string | null;
  clientId?: string | null;
  /**
   * What Sent mail keeps instead of `text`, for mails whose link is a
   * credential (A2 reset, change of email): the real text travels only in the
   * job's payload, which the queue deletes once the mail is sent.
   */
  recordedText?: string;
};

/**
 * Writes the mail into the outbox (`messages`, status `queued`) and enqueues
 * the `mail.send` job that delivers it, both in `ctx.db`, the caller's
 * transaction (J1). One message per studio and key: enqueueing the same key
 * again does nothing. Returns the message id, or null when the key was taken.
 */
export async function enqueueMailRecord(
  ctx: Ctx,
  mail: Mail & {
    template?: TemplateName;
    props?: Record<string, unknown>;
    /** Template props that are credentials: sent, but carried only in the job's payload (see TemplateMailOptions). */
    secretProps?: Record<string, string>;
  },
  opts: { key: string },
): Promise<string | null> {
  // The message and its job in one statement (issue 20: a round trip less per mail): the job is added only when the
  // insert wrote the row, so a key already taken enqueues nothing. Its id is chosen here, for the job's payload.
  const id = randomUUID();
  const secretText = mail.recordedText === undefined ? {} : { text: mail.text };
  const secretProps = mail.secretProps ? { secretProps: mail.secretProps } : {};
  const job = addJob(
    "mail.send",
    { studioId: ctx.studio.id, messageId: id, ...secretText, ...secretProps },
    { key: id },
  );
  const inserted = ctx.db.$with("inserted").as(
    ctx.db
      .insert(messages)
      .values({
        studioId: ctx.studio.id,
        id,
        kind: mail.kind,
        toAddress: mail.to,
        replyTo: mail.replyTo ?? null,
        subject: mail.subject,
        body: mail.recordedText ?? mail.text,
        clientId: mail.clientId ?? null,
        template: mail.template ?? null,
        props: mail.props ?? null,
        key: opts.key,
        status: "queued",
        createdAt: ctx.now,
      })
      .onConflictDoNothing({ target: [messages.studioId, messages.key] })
      .returning({ id: messages.id }),
  );
  const [row] = await ctx.db
    .with(inserted)
    .select({ id: inserted.id, job: sql<unknown>`${job}`.as("job") })
    .from(inserted);
  return row ? row.id : null;
}

export type TemplateMailOptions = {
  key: string;
  to: string;
  clientId?: string | null;
  replyTo?: string | null;
  /**
   * Props that are credentials (a link that acts without a password, as A5's guest booking link): Sent mail keeps
   * NOT_KEPT in their place, and the real values travel only in the job's payload, which the queue deletes once the
   * mail is sent, as `recordedText` does for plain mails.
   */
  secret?: readonly string[];
};

/** What Sent mail shows in place of a link that is a credential. */
export const NOT_KEPT = "[the link is not kept in Sent mail]";

/**
 * A templated mail (lib/mail/templates), enqueued like `enqueueMailRecord`:
 * the subject is fixed now, the body is rendered by the `mail.send` job at
 * delivery (react-email), outside the caller's transaction.
 */
export async function enqueueTemplateMailRecord<N extends TemplateName>(
  ctx: Ctx,
  template: N,
  props: Omit<TemplateProps<N>, "studioName">,
  opts: TemplateMailOptions,
): Promise<string | null> {
  const full = { ...props, studioName: ctx.studio.name } as TemplateProps<N>;
  const secret = opts.secret ?? [];
  const all = full as Record<string, unknown>;
  const kept = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, secret.includes(k) ? NOT_KEPT : v]));
  return enqueueMailRecord(
    ctx,
    {
      kind: template,
      to: opts.to,
      clientId: opts.clientId ?? null,
      replyTo: opts.replyTo ?? null,
      subject: templateSubject(template, full),
      text: "",
      template,
      props: kept,
      secretProps: secret.length ? Object.fromEntries(secret.map((k) => [k, String(all[k])])) : undefined,
    },
    { key: opts.key },
  );
}
