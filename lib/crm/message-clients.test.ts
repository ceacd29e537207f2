import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { bulkOperations, clients, messages, rateLimits, users } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { getBulkOperation, listBulkOperations } from "@/lib/bulk/operations";
import { drainJobs } from "@/lib/jobs";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient } from "@/test/support/membership-fixtures";
import { startTestSmtp, type TestSmtp } from "@/test/support/smtp";
import { MESSAGE_LIMIT, messageClients } from "./message-clients";

let smtp: TestSmtp;
const env = { ...process.env };
beforeAll(async () => {
  smtp = await startTestSmtp({ refuse: (a) => a.startsWith("bounce") });
  process.env.SMTP_URL = smtp.url;
});
afterAll(async () => {
  process.env.SMTP_URL = env.SMTP_URL;
  await smtp.close();
});

/** Makes every waiting job due now (a failed mail's backoff would otherwise wait). */
async function makeDue() {
  await (await getDb()).execute(sql`update graphile_worker._private_jobs set run_at = now() where locked_at is null`);
}

async function setup() {
  const s = await makeStudio({ name: "Blue Door Yoga" });
  const owner = await s.owner();
  const instructor = await s.staffAs("front_desk"); // T2: messages.send (instructors hold it not)
  const [me] = await owner.db
    .select()
    .from(users)
    .where(eq(users.id, (instructor.actor as { userId: string }).userId));
  const maja = await makeClient(owner, "Maja");
  const ola = await makeClient(owner, "Ola");
  // H1: a participant without an email, and a client erased under P1.
  const [kid] = await owner.db
    .insert(clients)
    .values({ studioId: s.studio.id, name: "Kid", source: "staff" })
    .returning();
  const gone = await makeClient(owner, "Gone");
  await owner.db
    .update(clients)
    .set({ erasedAt: new Date() })
    .where(and(eq(clients.studioId, s.studio.id), eq(clients.id, gone.id)));
  return { s, owner, instructor, staffEmail: me!.email, maja, ola, kid: kid!, gone };
}

describe("message clients (R8, J1)", () => {
  it("R8, J1: the request records a bulk operation and one job, no mail; the job queues one mail per client with an email, Reply-To the staff member; others skipped", async () => {
    const { s, instructor, staffEmail, maja, ola, kid, gone } = await setup();
    const result = await messageClients(instructor, {
      clientIds: [maja.id, kid.id, ola.id, gone.id],
      subject: "Studio closed Monday",
      body: "The heating is being fixed.\nSee you Tuesday!",
    });
    expect(result).toMatchObject({ total: 4, queued: 2, skipped: 2, operationId: expect.any(String) });
    expect(await instructor.db.select().from(messages).where(eq(messages.studioId, s.studio.id))).toEqual([]);
    expect(await getBulkOperation(instructor, result.operationId!)).toMatchObject({
      kind: "message",
      state: "queued",
      total: 4,
      done: 2,
      mail: { skipped: 2, sent: 0 },
    });

    await drainJobs();
    for (const c of [maja, ola]) {
      const mail = await smtp.waitFor(c.email!);
      expect(mail.subject).toBe("Studio closed Monday");
      expect(mail.text).toContain("See you Tuesday!");
      expect(mail.replyTo).toBe(staffEmail);
      expect(mail.from).toContain("Blue Door Yoga");
      expect(mail.to).toEqual([c.email]);
    }
    const logged = await instructor.db.select().from(messages).where(eq(messages.studioId, s.studio.id));
    expect(logged.map((m) => [m.kind, m.toAddress, m.replyTo, m.status, m.clientId]).sort()).toEqual(
      [
        ["client_message", maja.email, staffEmail, "sent", maja.id],
        ["client_message", ola.email, staffEmail, "sent", ola.id],
      ].sort(),
    );
    const op = await getBulkOperation(instructor, result.operationId!);
    expect(op).toMatchObject({
      state: "completed",
      total: 4,
      done: 4,
      failed: 0,
      mail: { sent: 2, skipped: 2, failed: 0, queued: 0 },
    });
    // Running the job again sends nothing more (J1: the recipient's key).
    const before = smtp.mails.length;
    const { runBulkMessageJob } = await import("@/lib/bulk/message-job");
    await instructor.db
      .update(bulkOperations)
      .set({ status: "running" })
      .where(eq(bulkOperations.id, result.operationId!));
    await runBulkMessageJob({ studioId: s.studio.id, operationId: result.operationId! });
    await drainJobs();
    expect(smtp.mails.length).toBe(before);
    expect((await listBulkOperations(instructor)).map((o) => o.id)).toEqual([result.operationId]);
  });

  it("J1, R8: a message to 120 clients fans out in batches, progress reaches 120, 120 mails; a refused recipient is counted failed", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const db = await getDb();
    const tag = `n${Date.now()}`;
    const rows = await db
      .insert(clients)
      .values(
        Array.from({ length: 120 }, (_, i) => ({
          studioId: s.studio.id,
          name: `C${i}`,
          email: `${i === 7 ? "bounce" : "c"}${i}.${tag}@example.test`,
          emailNormalized: `${i === 7 ? "bounce" : "c"}${i}.${tag}@example.test`,
          source: "staff" as const,
        })),
      )
      .returning({ id: clients.id });
    const { operationId } = await messageClients(owner, {
      clientIds: rows.map((r) => r.id),
      subject: "News",
      body: "Hello all",
    });
    await drainJobs();
    for (let i = 0; i < 8; i++) {
      await makeDue();
      await drainJobs();
    }
    const got = smtp.mails.filter((m) => m.to.some((t) => t.endsWith(`.${tag}@example.test`)));
    expect(got).toHaveLength(119);
    const op = await getBulkOperation(owner, operationId!);
    expect(op).toMatchObject({
      state: "completed",
      total: 120,
      done: 120,
      failed: 1,
      mail: { sent: 119, failed: 1, queued: 0 },
    });
    expect(op.mail!.error).toMatch(/550|mailbox/i);
  }, 180_000);

  it("R8: one client: the mail is enqueued in the request, no operation", async () => {
    const { s, owner, maja } = await setup();
    const result = await messageClients(owner, { clientIds: [maja.id], subject: "Hi", body: "Hello" });
    expect(result).toEqual({ total: 1, queued: 1, skipped: 0, operationId: null });
    const [row] = await owner.db.select().from(messages).where(eq(messages.studioId, s.studio.id));
    expect(row).toMatchObject({ kind: "client_message", status: "queued", clientId: maja.id });
    await drainJobs();
    await smtp.waitFor(maja.email!);
  });

  it("R8: another studio's client, bad input, an API key or a member send nothing", async () => {
    const { s, owner, maja } = await setup();
    const other = await makeStudio();
    const stranger = await makeClient(await other.owner(), "Stranger");
    await expect(
      messageClients(owner, { clientIds: [maja.id, stranger.id], subject: "Hi", body: "Hello" }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(messageClients(owner, { clientIds: [maja.id], subject: "  ", body: "Hello" })).rejects.toMatchObject({
      code: "invalid_input",
      fields: { subject: expect.any(Array) },
    });
    await expect(
      messageClients(owner, { clientIds: [maja.id], subject: "Hi\r\nBcc: x@example.test", body: "Hello" }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(messageClients(owner, { clientIds: [], subject: "Hi", body: "Hello" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(
      messageClients(owner, { clientIds: Array.from({ length: 1001 }, () => maja.id), subject: "Hi", body: "Hello" }),
    ).rejects.toMatchObject({ code: "invalid_input" });

    const { apiKey } = await createApiKey(owner, { name: "script" });
    // X3: a key sends only with the message scope (lib/mcp/mcp.test.ts sends with one).
    const api = await s.ctx({ kind: "api", keyId: apiKey.id, role: "owner", scopes: ["read", "book"] });
    await expect(messageClients(api, { clientIds: [maja.id], subject: "Hi", body: "Hello" })).rejects.toMatchObject({
      code: "forbidden",
    });
    const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: maja.id });
    await expect(messageClients(member, { clientIds: [maja.id], subject: "Hi", body: "Hello" })).rejects.toMatchObject({
      code: "forbidden",
    });

    await drainJobs();
    expect(await owner.db.select().from(messages).where(eq(messages.studioId, s.studio.id))).toEqual([]);
    expect(await owner.db.select().from(bulkOperations).where(eq(bulkOperations.studioId, s.studio.id))).toEqual([]);
    expect(smtp.mails.filter((m) => m.to.includes(maja.email!) || m.to.includes(stranger.email!))).toEqual([]);
    // Another studio's staff cannot read the operation.
    await expect(getBulkOperation(await other.owner(), "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("R8: a staff member past the hourly message limit is refused with rate_limited, before any mail", async () => {
    const { s, instructor, maja } = await setup();
    const now = new Date();
    const windowMs = MESSAGE_LIMIT.windowSeconds * 1000;
    const userId = (instructor.actor as { userId: string }).userId;
    await instructor.db.insert(rateLimits).values({
      key: `message:${s.studio.id}:${userId}`,
      windowStart: new Date(Math.floor(now.getTime() / windowMs) * windowMs),
      count: MESSAGE_LIMIT.max,
    });
    await expect(
      messageClients({ ...instructor, now }, { clientIds: [maja.id], subject: "Hi", body: "Hello" }),
    ).rejects.toMatchObject({
      code: "rate_limited",
    });
    expect(await instructor.db.select().from(messages).where(eq(messages.studioId, s.studio.id))).toEqual([]);
  });
});
