import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { messages, studios } from "@/db/schema";
import type { JobRun } from "@/lib/jobs/registry";
import { isTemplateName, renderTemplate } from "./templates";

type Transport = { sendMail: (m: Record<string, unknown>) => Promise<unknown> };
type Global = typeof globalThis & { __rosterMailTransport?: { url: string; transport: Promise<Transport> } };

async function transportFor(url: string): Promise<Transport> {
  const g = globalThis as Global;
  if (g.__rosterMailTransport?.url !== url) {
    const nodemailer = await import("nodemailer");
    g.__rosterMailTransport = { url, transport: Promise.resolve(nodemailer.createTransport(url) as Transport) };
  }
  return g.__rosterMailTransport.transport;
}

function mailFrom(env: Record<string, string | undefined>): string {
  return env.MAIL_FROM ?? "no-reply@roster.localhost";
}

/** The From address: MAIL_FROM, or the studio's name at a no-reply address. */
function fromAddress(studioName: string, env: Record<string, string | undefined>): string {
  return `"${studioName.replace(/["\\\r\n]/g, "")}" <${mailFrom(env)}>`;
}

/**
 * A deterministic Message-ID per `messages` row: a retry after a crash sends
 * the same id, so receiving servers and clients can drop a duplicate.
 */
export function messageIdFor(messageId: string, env: Record<string, string | undefined> = process.env): string {
  const domain = mailFrom(env).split("@")[1]?.replace(/[>\s]/g, "") || "roster.localhost";
  return `<${messageId}@${domain}>`;
}

/**
 * The `mail.send` job (J1): the ONLY place Roster talks to SMTP. Sends one
 * queued `messages` row and records the outcome on it. A row already sent is
 * left alone (delivery is at least once; this makes the mail once). A failure
 * records the attempt and the error and throws, so graphile-worker retries
 * with backoff; after the last attempt the row stays `failed`, where owners
 * see it and can retry it (Settings → Sent mail). Without SMTP_URL the row is
 * marked `not_sent`.
 */
export async function deliverMessageJob(
  payload: { studioId: string; messageId: string; text?: string; secretProps?: Record<string, string> },
  run: JobRun,
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  const db = await getDb();
  const where = and(eq(messages.studioId, payload.studioId), eq(messages.id, payload.messageId));
  const [row] = await db
    .select({ message: messages, studioName: studios.name })
    .from(messages)
    .innerJoin(studios, eq(studios.id, messages.studioId))
    .where(where);
  // Only a queued row is sent: a sent one was delivered by an earlier run, a not_sent one was withdrawn (P1 erasure).
  if (!row || row.message.status !== "queued") return;
  const m = row.message;
  let text = payload.text ?? m.body;
  let html: string | undefined;
  if (m.template && m.props && isTemplateName(m.template)) {
    ({ text, html } = await renderTemplate(m.template, m.props as never));
    // The rendered text is what Sent mail shows (and what P1 erasure redacts), sent or not: without the secret props.
    await db
      .update(messages)
      .set({ body: text })
      .where(and(where, eq(messages.status, "queued")));
    if (payload.secretProps)
      ({ text, html } = await renderTemplate(m.template, { ...m.props, ...payload.secretProps } as never));
  }
  if (!env.SMTP_URL) {
    await db
      .update(messages)
      .set({ status: "not_sent", error: "No SMTP server is configured (SMTP_URL)." })
      .where(where);
    return;
  }
  await stallForTests(env);
  try {
    const transport = await transportFor(env.SMTP_URL);
    await transport.sendMail({
      from: fromAddress(row.studioName, env),
      to: m.toAddress,
      replyTo: m.replyTo ?? undefined,
      subject: m.subject,
      text,
      html,
      messageId: messageIdFor(m.id, env),
    });
  } catch (e) {
    const error = e instanceof Error ? e.message.slice(0, 500) : "Unknown error";
    const last = run.attempts >= run.maxAttempts;
    await db
      .update(messages)
      .set({ status: last ? "failed" : "queued", error, attempts: sql`${messages.attempts} + 1` })
      .where(where);
    throw e;
  }
  await db
    .update(messages)
    .set({ status: "sent", error: null, attempts: sql`${messages.attempts} + 1`, sentAt: new Date() })
    .where(where);
}

/** The kill test (J1) holds a worker between taking the job and talking to SMTP, then SIGKILLs it. */
async function stallForTests(env: Record<string, string | undefined>): Promise<void> {
  if (env.NODE_ENV === "production" || !env.ROSTER_TEST_STALL_BEFORE_SEND) return;
  console.log(`[jobs] stalling before send`);
  await new Promise((r) => setTimeout(r, Number(env.ROSTER_TEST_STALL_BEFORE_SEND)));
}
