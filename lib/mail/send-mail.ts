import { messages, type Message } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";

export type Mail = {
  kind: string;
  to: string;
  subject: string;
  text: string;
  replyTo?: string | null;
  clientId?: string | null;
};

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

/** The From address: MAIL_FROM, or the studio's name at a no-reply address. */
function fromAddress(studioName: string): string {
  const addr = process.env.MAIL_FROM ?? "no-reply@roster.localhost";
  return `"${studioName.replace(/["\\\r\n]/g, "")}" <${addr}>`;
}

/**
 * Sends one mail through SMTP_URL and records it in `messages` whatever
 * happens: `sent`, `failed` with the error, or `not_sent` when no SMTP server is
 * configured, so owners see every mail under Settings → Sent mail.
 * Called after the business change has committed: a mail server that is down
 * never rolls back a booking.
 */
export async function sendMail(
  ctx: Ctx,
  mail: Mail,
  env: Record<string, string | undefined> = process.env,
): Promise<Message> {
  let status: Message["status"] = "not_sent";
  let error: string | null = env.SMTP_URL ? null : "No SMTP server is configured (SMTP_URL).";
  if (env.SMTP_URL) {
    try {
      const transport = await transportFor(env.SMTP_URL);
      await transport.sendMail({
        from: fromAddress(ctx.studio.name),
        to: mail.to,
        replyTo: mail.replyTo ?? undefined,
        subject: mail.subject,
        text: mail.text,
      });
      status = "sent";
    } catch (e) {
      status = "failed";
      error = e instanceof Error ? e.message.slice(0, 500) : "Unknown error";
    }
  }
  const [row] = await ctx.db
    .insert(messages)
    .values({
      studioId: ctx.studio.id,
      kind: mail.kind,
      toAddress: mail.to,
      replyTo: mail.replyTo ?? null,
      subject: mail.subject,
      body: mail.text,
      clientId: mail.clientId ?? null,
      status,
      error,
      createdAt: ctx.now,
    })
    .returning();
  return row!;
}
