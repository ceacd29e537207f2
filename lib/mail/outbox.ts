import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { messages } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { statement } from "@/lib/core/statements";
import { addJobCall, jobArguments } from "@/lib/jobs/queue";
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
  const job = jobArguments(
    "mail.send",
    { studioId: ctx.studio.id, messageId: id, ...secretText, ...secretProps },
    {
      key: id,
    },
  );
  const [row] = await insertMessage(ctx.db, {
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
    createdAt: ctx.now,
    jobName: job.name,
    jobPayload: job.payload,
    jobRunAt: job.runAt,
    jobMaxAttempts: job.maxAttempts,
    jobKey: job.jobKey,
  });
  return row ? row.id : null;
}

/** The message and its job, built once (issue 20: every booking and cancel mails). */
const insertMessage = statement(
  (
    db,
    $: {
      studioId: string;
      id: string;
      kind: Mail["kind"];
      toAddress: string;
      replyTo: string | null;
      subject: string;
      body: string;
      clientId: string | null;
      template: TemplateName | null;
      props: Record<string, unknown> | null;
      key: string;
      createdAt: Date;
      jobName: string;
      jobPayload: string;
      jobRunAt: string | null;
      jobMaxAttempts: number;
      jobKey: string;
    },
  ) => {
    const inserted = db.$with("inserted").as(
      db
        .insert(messages)
        .values({
          studioId: $.studioId,
          id: $.id,
          kind: $.kind,
          toAddress: $.toAddress,
          replyTo: $.replyTo,
          subject: $.subject,
          body: $.body,
          clientId: $.clientId,
          template: $.template,
          props: $.props,
          key: $.key,
          status: "queued",
          createdAt: $.createdAt,
        })
        .onConflictDoNothing({ target: [messages.studioId, messages.key] })
        .returning({ id: messages.id }),
    );
    const job = addJobCall({
      name: $.jobName,
      payload: $.jobPayload,
      runAt: $.jobRunAt,
      maxAttempts: $.jobMaxAttempts,
      jobKey: $.jobKey,
    });
    return db
      .with(inserted)
      .select({ id: inserted.id, job: sql<unknown>`${job}`.as("job") })
      .from(inserted)
      .prepare("insert_message");
  },
);

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
