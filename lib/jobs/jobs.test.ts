import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { getDb } from "@/db";
import { messages } from "@/db/schema";
import { startTestSmtp, type TestSmtp } from "@/test/support/smtp";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { drainJobs, enqueue, enqueueMail, NOT_KEPT, registerJob } from "@/lib/jobs";
import { listJobs, retryJob } from "@/lib/jobs/admin";

let smtp: TestSmtp;
const env = { ...process.env };
beforeAll(async () => {
  smtp = await startTestSmtp();
  process.env.SMTP_URL = smtp.url;
});
afterAll(async () => {
  process.env.SMTP_URL = env.SMTP_URL;
  await smtp.close();
});

const runs: string[] = [];
let failUntil = 0;
registerJob({
  name: "test.flaky",
  payload: z.object({ label: z.string(), studioId: z.uuid().optional() }),
  maxAttempts: 3,
  handler: async () => async (p, run) => {
    runs.push(`${p.label}#${run.attempts}`);
    if (run.attempts <= failUntil) throw new Error(`flaky ${p.label} attempt ${run.attempts}`);
  },
});

/** Makes every waiting job due now (the backoff would otherwise wait seconds). */
async function makeDue() {
  await (await getDb()).execute(sql`update graphile_worker._private_jobs set run_at = now() where locked_at is null`);
}

async function messageRow(studioId: string, to: string) {
  const [row] = await (
    await getDb()
  )
    .select()
    .from(messages)
    .where(and(eq(messages.studioId, studioId), eq(messages.toAddress, to)));
  return row;
}

describe("J1: jobs are part of the caller's transaction", () => {
  it("J1: a rollback enqueues nothing, a commit delivers the mail once, recorded as sent", async () => {
    const s = await makeStudio({ name: "Outbox Studio" });
    const ctx = await s.owner();
    const lost = uniqueEmail("lost");
    await expect(
      ctx.db.transaction(async (tx) => {
        await enqueueMail(
          { ...ctx, db: tx },
          { kind: "welcome", to: lost, subject: "Hi", text: "Hello" },
          { key: `w:${lost}` },
        );
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const kept = uniqueEmail("kept");
    await ctx.db.transaction(async (tx) => {
      await enqueueMail(
        { ...ctx, db: tx },
        { kind: "welcome", to: kept, subject: "Hi", text: "Hello", replyTo: "desk@example.test" },
        { key: `w:${kept}` },
      );
    });
    expect((await messageRow(s.studio.id, kept))?.status).toBe("queued");
    await drainJobs();
    const mail = await smtp.waitFor(kept);
    expect(mail.from).toContain("Outbox Studio");
    expect(mail.replyTo).toBe("desk@example.test");
    expect(mail.raw).toMatch(/^Message-ID: <[0-9a-f-]{36}@/im);
    expect(await messageRow(s.studio.id, lost)).toBeUndefined();
    expect(smtp.mails.some((m) => m.to.includes(lost))).toBe(false);
    const row = await messageRow(s.studio.id, kept);
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
    expect(mail.raw).toContain(`Message-ID: <${row!.id}@`);
  });

  it("J1: the key makes the effect once", async () => {
    const s = await makeStudio();
    const ctx = await s.owner();
    const to = uniqueEmail("once");
    for (let i = 0; i < 3; i++)
      await enqueueMail(ctx, { kind: "welcome", to, subject: `Hi ${i}`, text: "Hello" }, { key: `welcome:${to}` });
    await drainJobs();
    await smtp.waitFor(to);
    await drainJobs();
    expect(smtp.mails.filter((m) => m.to.includes(to))).toHaveLength(1);
    // A generic job with the same key while one is pending: one run.
    runs.length = 0;
    failUntil = 0;
    await enqueue(ctx, "test.flaky", { label: "k" }, { key: "same" });
    await enqueue(ctx, "test.flaky", { label: "k" }, { key: "same" });
    await drainJobs();
    expect(runs).toEqual(["k#1"]);
  });

  it("J1: a payload that does not match the job's schema is refused at enqueue", async () => {
    const s = await makeStudio();
    await expect(enqueue(await s.owner(), "test.flaky", { label: 5 }, { key: "bad" })).rejects.toThrow();
  });

  it("J1: a failing handler retries with backoff and ends failed, visible to owners, and can be retried", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    runs.length = 0;
    failUntil = 99;
    await enqueue(owner, "test.flaky", { label: "f", studioId: s.studio.id }, { key: "f" });
    await drainJobs(); // attempt 1 fails, rescheduled in the future: not run again in this drain
    expect(runs).toEqual(["f#1"]);
    let [job] = (await listJobs(owner)).filter((j) => j.name === "test.flaky");
    expect(job).toMatchObject({ state: "retrying", attempts: 1, maxAttempts: 3, lastError: "flaky f attempt 1" });
    expect(job!.runAt.getTime()).toBeGreaterThan(Date.now());
    await makeDue();
    await drainJobs();
    await makeDue();
    await drainJobs();
    await makeDue();
    await drainJobs(); // nothing left to try
    expect(runs).toEqual(["f#1", "f#2", "f#3"]);
    [job] = (await listJobs(owner)).filter((j) => j.name === "test.flaky");
    expect(job).toMatchObject({ state: "failed", attempts: 3 });
    failUntil = 0;
    await retryJob(owner, { id: job!.id });
    await drainJobs();
    expect(runs).toEqual(["f#1", "f#2", "f#3", "f#1"]);
    expect((await listJobs(owner)).filter((j) => j.name === "test.flaky")).toEqual([]);
  });

  it("J1: a mail whose server refuses is retried, then failed with the error, and an owner's retry sends it", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const to = uniqueEmail("bounce");
    process.env.SMTP_URL = "smtp://127.0.0.1:1";
    try {
      await enqueueMail(owner, { kind: "welcome", to, subject: "Hi", text: "Hello" }, { key: `b:${to}` });
      for (let i = 0; i < 8; i++) {
        await drainJobs();
        await makeDue();
      }
    } finally {
      process.env.SMTP_URL = smtp.url;
    }
    const failed = await messageRow(s.studio.id, to);
    expect(failed).toMatchObject({ status: "failed", attempts: 8 });
    expect(failed!.error).toBeTruthy();
    const { retryMessage } = await import("@/lib/mail/list-messages");
    await retryMessage(owner, { id: failed!.id });
    expect((await messageRow(s.studio.id, to))?.status).toBe("queued");
    await drainJobs();
    await smtp.waitFor(to);
    expect(await messageRow(s.studio.id, to)).toMatchObject({ status: "sent", attempts: 9, error: null });
  });

  it("J1: a failed mail whose link is a credential is retried with its link while its job is kept, and refused once the job is gone", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const [kept, gone] = [uniqueEmail("reset-kept"), uniqueEmail("reset-gone")];
    const reset = (to: string) =>
      enqueueMail(
        owner,
        {
          kind: "password_reset",
          to,
          subject: "Reset your password",
          text: `Choose a new password: https://roster.test/reset?token=secret-${to}`,
          recordedText: `Choose a new password: ${NOT_KEPT}`,
        },
        { key: `reset:${to}` },
      );
    process.env.SMTP_URL = "smtp://127.0.0.1:1";
    try {
      await reset(kept);
      await reset(gone);
      for (let i = 0; i < 8; i++) {
        await drainJobs();
        await makeDue();
      }
    } finally {
      process.env.SMTP_URL = smtp.url;
    }
    const [k, g] = [(await messageRow(s.studio.id, kept))!, (await messageRow(s.studio.id, gone))!];
    expect([k.status, g.status, g.body]).toEqual(["failed", "failed", `Choose a new password: ${NOT_KEPT}`]);
    const { retryMessage } = await import("@/lib/mail/list-messages");

    // The queue still holds the failed job, and with it the link: the retry sends the real link.
    await retryMessage(owner, { id: k.id });
    await drainJobs();
    expect((await smtp.waitFor(kept)).text).toContain(`token=secret-${kept}`);

    // Its job removed (as a queue clean-up does), the link is nowhere: refused, and the mail stays failed.
    await (await getDb()).execute(sql`delete from graphile_worker._private_jobs where payload->>'messageId' = ${g.id}`);
    await expect(retryMessage(owner, { id: g.id })).rejects.toMatchObject({ code: "link_not_kept" });
    expect((await messageRow(s.studio.id, gone))?.status).toBe("failed");
    await drainJobs();
    expect(smtp.mails.some((m) => m.to.includes(gone))).toBe(false);
  });
});
