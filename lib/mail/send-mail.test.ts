import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { drainJobs, enqueueMail, enqueueTemplateMail, type Mail } from "@/lib/jobs";
import { startTestSmtp, type TestSmtp } from "@/test/support/smtp";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { renderTemplate } from "./templates";

let smtp: TestSmtp;
const saved = process.env.SMTP_URL;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => {
  if (saved === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = saved;
  await smtp.close();
});

/** Enqueues a mail and runs the queue with SMTP_URL as given; returns its outbox row. */
async function send(ctx: Ctx, mail: Mail, smtpUrl: string | undefined) {
  if (smtpUrl === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = smtpUrl;
  await enqueueMail(ctx, mail, { key: `test:${mail.to}` });
  await drainJobs();
  const [row] = await ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.studioId, ctx.studio.id), eq(messages.toAddress, mail.to)));
  return row!;
}

describe("mail through the outbox (J1)", () => {
  it("J1: delivers through real SMTP and records the message as sent", async () => {
    const s = await makeStudio({ name: "Mail Studio" });
    const to = uniqueEmail("member");
    const row = await send(
      await s.owner(),
      { kind: "client_message", to, subject: "See you Monday", text: "Bring a mat.", replyTo: "teacher@example.test" },
      smtp.url,
    );
    expect(row.status).toBe("sent");
    const mail = await smtp.waitFor(to);
    expect(mail.subject).toBe("See you Monday");
    expect(mail.text).toContain("Bring a mat.");
    expect(mail.replyTo).toBe("teacher@example.test");
    expect(mail.from).toContain("Mail Studio");
  });

  it("J1: without SMTP_URL records the mail as not sent", async () => {
    const s = await makeStudio();
    const row = await send(
      await s.owner(),
      { kind: "welcome", to: uniqueEmail(), subject: "Hi", text: "Hello" },
      undefined,
    );
    expect(row.status).toBe("not_sent");
    expect(row.error).toMatch(/SMTP_URL/);
  });

  it("J1: a server that refuses records the attempt and its error, and the job retries later", async () => {
    const s = await makeStudio();
    const row = await send(
      await s.owner(),
      { kind: "welcome", to: uniqueEmail(), subject: "Hi", text: "Hello" },
      "smtp://127.0.0.1:1",
    );
    expect(row).toMatchObject({ status: "queued", attempts: 1 });
    expect(row.error).toBeTruthy();
  });

  it("J1: a template mail is rendered by the job (react-email): HTML and text, its text kept in Sent mail", async () => {
    const s = await makeStudio({ name: "Template Studio" });
    const ctx = await s.owner();
    const to = uniqueEmail("welcome");
    process.env.SMTP_URL = smtp.url;
    await enqueueTemplateMail(ctx, "welcome", { name: "Ann" }, { key: `welcome:${to}`, to });
    const [queued] = await ctx.db.select().from(messages).where(eq(messages.toAddress, to));
    expect(queued).toMatchObject({ status: "queued", subject: "Welcome to Template Studio", template: "welcome" });
    await drainJobs();
    const mail = await smtp.waitFor(to);
    expect(mail.raw).toMatch(/Content-Type: text\/html/i);
    expect(mail.raw).toMatch(/Content-Type: text\/plain/i);
    expect(mail.subject).toBe("Welcome to Template Studio");
    const [sent] = await ctx.db.select().from(messages).where(eq(messages.toAddress, to));
    expect(sent!.status).toBe("sent");
    expect(sent!.body).toContain("Hi Ann,");
    expect(sent!.body).toContain("Your account at Template Studio is ready");
    const { text } = await renderTemplate("welcome", { name: "Ann", studioName: "Template Studio" });
    expect(text).toBe(sent!.body);
  });
});
