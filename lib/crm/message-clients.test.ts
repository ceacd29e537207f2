import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { clients, messages, rateLimits, users } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { makeStudio } from "@/lib/testing/fixtures";
import { makeClient } from "@/lib/testing/membership-fixtures";
import { startTestSmtp, type TestSmtp } from "@/lib/testing/smtp";
import { MESSAGE_LIMIT, messageClients } from "./message-clients";

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(() => smtp.close());

async function setup() {
  const s = await makeStudio({ name: "Blue Door Yoga" });
  const owner = await s.owner();
  const instructor = await s.instructor();
  const [me] = await owner.db.select().from(users).where(eq(users.id, (instructor.actor as { userId: string }).userId));
  const maja = await makeClient(owner, "Maja");
  const ola = await makeClient(owner, "Ola");
  // H1: a participant without an email, and a client erased under P1.
  const [kid] = await owner.db.insert(clients).values({ studioId: s.studio.id, name: "Kid", source: "staff" }).returning();
  const gone = await makeClient(owner, "Gone");
  await owner.db.update(clients).set({ erasedAt: new Date() }).where(and(eq(clients.studioId, s.studio.id), eq(clients.id, gone.id)));
  return { s, owner, instructor, staffEmail: me!.email, maja, ola, kid: kid!, gone };
}

describe("message clients (R8)", () => {
  it("R8: one real SMTP mail per client with an email, Reply-To the staff member, recorded as client_message; others skipped", async () => {
    const { s, instructor, staffEmail, maja, ola, kid, gone } = await setup();
    const result = await messageClients(
      instructor,
      { clientIds: [maja.id, kid.id, ola.id, gone.id], subject: "Studio closed Monday", body: "The heating is being fixed.\nSee you Tuesday!" },
      { SMTP_URL: smtp.url },
    );
    expect(result).toEqual({ total: 4, sent: 2, failed: 0, skipped: 2, error: null });

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
  });

  it("R8: a mail server that refuses is counted as failed, with its reason, and still recorded", async () => {
    const { s, owner, maja } = await setup();
    const result = await messageClients(owner, { clientIds: [maja.id], subject: "Hi", body: "Hello" }, { SMTP_URL: "smtp://127.0.0.1:1" });
    expect(result).toMatchObject({ total: 1, sent: 0, failed: 1, skipped: 0, error: expect.any(String) });
    const [row] = await owner.db.select().from(messages).where(eq(messages.studioId, s.studio.id));
    expect(row).toMatchObject({ kind: "client_message", status: "failed", clientId: maja.id });
  });

  it("R8: another studio's client, bad input, an API key or a member send nothing", async () => {
    const { s, owner, maja } = await setup();
    const other = await makeStudio();
    const stranger = await makeClient(await other.owner(), "Stranger");
    const env = { SMTP_URL: smtp.url };
    await expect(messageClients(owner, { clientIds: [maja.id, stranger.id], subject: "Hi", body: "Hello" }, env)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(messageClients(owner, { clientIds: [maja.id], subject: "  ", body: "Hello" }, env)).rejects.toMatchObject({
      code: "invalid_input",
      fields: { subject: expect.any(Array) },
    });
    await expect(messageClients(owner, { clientIds: [maja.id], subject: "Hi\r\nBcc: x@example.test", body: "Hello" }, env)).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(messageClients(owner, { clientIds: [], subject: "Hi", body: "Hello" }, env)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(
      messageClients(owner, { clientIds: Array.from({ length: 1001 }, () => maja.id), subject: "Hi", body: "Hello" }, env),
    ).rejects.toMatchObject({ code: "invalid_input" });

    const { apiKey } = await createApiKey(owner, { name: "script" });
    const api = await s.ctx({ kind: "api", keyId: apiKey.id, role: "owner" });
    await expect(messageClients(api, { clientIds: [maja.id], subject: "Hi", body: "Hello" }, env)).rejects.toMatchObject({ code: "forbidden" });
    const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: maja.id });
    await expect(messageClients(member, { clientIds: [maja.id], subject: "Hi", body: "Hello" }, env)).rejects.toMatchObject({ code: "forbidden" });

    expect(await owner.db.select().from(messages).where(eq(messages.studioId, s.studio.id))).toEqual([]);
    expect(smtp.mails.filter((m) => m.to.includes(maja.email!) || m.to.includes(stranger.email!))).toEqual([]);
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
      messageClients({ ...instructor, now }, { clientIds: [maja.id], subject: "Hi", body: "Hello" }, { SMTP_URL: smtp.url }),
    ).rejects.toMatchObject({ code: "rate_limited" });
    expect(await instructor.db.select().from(messages).where(eq(messages.studioId, s.studio.id))).toEqual([]);
  });
});
