import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { messages, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { findOrCreateClient as createClient } from "@/lib/clients";
import { bookSession, cancelBooking } from "@/lib/bookings";
import { drainJobs } from "@/lib/jobs";
import { makeSession } from "@/test/support/booking-fixtures";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { expireDueMemberships } from "@/lib/memberships/expire-due";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { call, keyFor } from "@/test/support/api";
import * as webhooksRoute from "@/app/api/v1/webhooks/route";
import * as webhookRoute from "@/app/api/v1/webhooks/[id]/route";
import * as deliveriesRoute from "@/app/api/v1/webhooks/[id]/deliveries/route";
import * as rotateRoute from "@/app/api/v1/webhooks/[id]/rotate-secret/route";
import { createWebhookEndpoint, listWebhookDeliveries } from "./index";
import { isPublicAddress } from "./url-guard";

type Received = { body: string; signature: string; at: number };

/** A real HTTP receiver on a free port: answers 503 `failFirst` times, then 200. */
async function receiver(failFirst = 0) {
  const got: Received[] = [];
  let calls = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      calls++;
      if (calls <= failFirst) {
        res.writeHead(503).end("down");
        return;
      }
      got.push({ body, signature: String(req.headers["roster-signature"]), at: Date.now() });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hook`, got, calls: () => calls, close: () => server.close() };
}

/** The README's verification code, run as written. */
async function readmeVerifier(): Promise<(secret: string, body: string, header: string) => boolean> {
  const readme = fs.readFileSync(path.resolve("README.md"), "utf8");
  const code = /<!-- webhook-verify -->\n```js\n([\s\S]*?)```/.exec(readme)![1]!;
  expect(code.trim().split("\n").length).toBeLessThanOrEqual(15);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "roster-verify-")), "verify.mjs");
  fs.writeFileSync(file, code);
  return (await import(pathToFileURL(file).href)).verifyRoster;
}

/** Makes every waiting job due now (the queue's backoff would wait seconds to hours). */
async function dueNow() {
  const db = await getDb();
  await db.execute(sql`update graphile_worker._private_jobs set run_at = now() where locked_at is null`);
}

describe("X2: outgoing webhooks", () => {
  const previous = process.env.ROSTER_WEBHOOKS_ALLOW_PRIVATE;
  beforeAll(() => {
    process.env.ROSTER_WEBHOOKS_ALLOW_PRIVATE = "1";
  });
  afterAll(() => {
    process.env.ROSTER_WEBHOOKS_ALLOW_PRIVATE = previous;
  });

  it("X2: a change's event reaches its studio's endpoint signed, verified by the README's code; studio B gets nothing", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const ra = await receiver();
    const rb = await receiver();
    try {
      const created = await call(webhooksRoute.POST, {
        key: await keyFor(a),
        method: "POST",
        body: { url: ra.url, events: ["client.created", "booking.created"] },
      });
      expect(created.status).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_/);
      await createWebhookEndpoint(await b.owner(), { url: rb.url, events: ["client.created"] });

      const email = uniqueEmail("hook");
      const client = await createClient(await a.owner(), { email, name: "Ada Hook", source: "staff" });
      await drainJobs();

      expect(ra.got).toHaveLength(1);
      expect(rb.got).toHaveLength(0);
      const event = JSON.parse(ra.got[0]!.body);
      expect(event).toMatchObject({ type: "client.created", data: { id: client.client.id } });
      expect(Object.keys(event).sort()).toEqual(["createdAt", "data", "id", "type"]);
      const verify = await readmeVerifier();
      expect(verify(created.body.secret, ra.got[0]!.body, ra.got[0]!.signature)).toBe(true);
      expect(verify(created.body.secret, ra.got[0]!.body + " ", ra.got[0]!.signature)).toBe(false);
      expect(verify("whsec_wrong", ra.got[0]!.body, ra.got[0]!.signature)).toBe(false);

      const log = await call(deliveriesRoute.GET, { key: await keyFor(a), params: { id: created.body.id } });
      expect(log.status).toBe(200);
      expect(log.body.data[0]).toMatchObject({ type: "client.created", status: "delivered" });
      expect(log.body.data[0].attempts).toHaveLength(1);
      // Another studio's endpoint is not found, its log neither.
      expect((await call(deliveriesRoute.GET, { key: await keyFor(b), params: { id: created.body.id } })).status).toBe(
        404,
      );
      expect(
        (await call(webhookRoute.DELETE, { key: await keyFor(b), method: "DELETE", params: { id: created.body.id } }))
          .status,
      ).toBe(404);
    } finally {
      ra.close();
      rb.close();
    }
  });

  it("X2: a receiver down for three attempts then up gets exactly one delivery, and the log shows all four attempts", async () => {
    const s = await makeStudio();
    const r = await receiver(3);
    try {
      const { endpoint } = await createWebhookEndpoint(await s.owner(), { url: r.url, events: ["client.created"] });
      await createClient(await s.owner(), { email: uniqueEmail("retry"), name: "Re Try", source: "staff" });
      for (let i = 0; i < 5; i++) {
        await drainJobs();
        await dueNow();
      }
      expect(r.calls()).toBe(4);
      expect(r.got).toHaveLength(1);
      const page = await listWebhookDeliveries(await s.owner(), endpoint.id);
      expect(page.data).toHaveLength(1);
      expect(page.data[0]!.status).toBe("delivered");
      expect(page.data[0]!.attempts.map((x) => x.status)).toEqual([503, 503, 503, 200]);
      const db = await getDb();
      const [after] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
      expect(after!.failingSince).toBeNull();
    } finally {
      r.close();
    }
  });

  it("X2: an endpoint failing for 24 hours is disabled and its owners are mailed; later events are not queued for it", async () => {
    const s = await makeStudio();
    const r = await receiver(1000);
    try {
      const { endpoint } = await createWebhookEndpoint(await s.owner(), { url: r.url, events: ["client.created"] });
      const db = await getDb();
      await db
        .update(webhookEndpoints)
        .set({ failingSince: new Date(Date.now() - 25 * 3600_000) })
        .where(eq(webhookEndpoints.id, endpoint.id));
      await createClient(await s.owner(), { email: uniqueEmail("down"), name: "Down Time", source: "staff" });
      await drainJobs();
      const [after] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
      expect(after!.disabledAt).not.toBeNull();
      const mails = await db
        .select()
        .from(messages)
        .where(and(eq(messages.studioId, s.studio.id), eq(messages.kind, "webhook_disabled")));
      expect(mails.map((m) => m.toAddress)).toContain(s.ownerEmail);
      await createClient(await s.owner(), { email: uniqueEmail("later"), name: "Later On", source: "staff" });
      const rows = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
      expect(rows).toHaveLength(1);
      expect(rows[0]!.status).toBe("failed");
    } finally {
      r.close();
    }
  });

  it("X2: after a rotation both secrets sign for a while; the new secret is shown once and never listed", async () => {
    const s = await makeStudio();
    const r = await receiver();
    try {
      const key = await keyFor(s);
      const created = await call(webhooksRoute.POST, {
        key,
        method: "POST",
        body: { url: r.url, events: ["client.created"] },
      });
      const rotated = await call(rotateRoute.POST, { key, method: "POST", params: { id: created.body.id } });
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).not.toBe(created.body.secret);
      const listed = await call(webhooksRoute.GET, { key });
      expect(JSON.stringify(listed.body)).not.toContain("whsec_");
      await createClient(await s.owner(), { email: uniqueEmail("rot"), name: "Ro Tate", source: "staff" });
      await drainJobs();
      const verify = await readmeVerifier();
      expect(r.got).toHaveLength(1);
      expect(verify(rotated.body.secret, r.got[0]!.body, r.got[0]!.signature)).toBe(true);
      expect(verify(created.body.secret, r.got[0]!.body, r.got[0]!.signature)).toBe(true);
    } finally {
      r.close();
    }
  });

  it("X2, SSRF: loopback, private, link-local and non-https URLs are refused without the test setting; nothing saved", async () => {
    process.env.ROSTER_WEBHOOKS_ALLOW_PRIVATE = "0";
    try {
      const s = await makeStudio();
      const key = await keyFor(s);
      for (const url of [
        "http://example.com/hook",
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://localhost/hook",
        "not a url",
      ]) {
        const res = await call(webhooksRoute.POST, { key, method: "POST", body: { url, events: ["client.created"] } });
        expect(res.status, url).toBe(400);
        expect(res.body.error.fields.url, url).toBeDefined();
      }
      expect((await call(webhooksRoute.GET, { key })).body.data).toEqual([]);
      expect(isPublicAddress("93.184.216.34")).toBe(true);
      expect(isPublicAddress("fd00::1")).toBe(false);
      expect(isPublicAddress("100.64.0.1")).toBe(false);
    } finally {
      process.env.ROSTER_WEBHOOKS_ALLOW_PRIVATE = "1";
    }
  });

  it("X2: a booking and its cancel are events, with the booking as the API shows it", async () => {
    const s = await makeStudio();
    const r = await receiver();
    try {
      await createWebhookEndpoint(await s.owner(), {
        url: r.url,
        events: ["booking.created", "booking.cancelled", "payment.paid"],
      });
      const owner = await s.owner();
      const { session } = await makeSession(owner, {
        startsAt: new Date(Date.now() + 2 * 86_400_000),
        dropInPriceCents: 0,
      });
      const booked = await bookSession(owner, { sessionId: session.id, email: uniqueEmail("bk"), name: "Bo Oking" });
      await cancelBooking(owner, booked.booking.id);
      await drainJobs();
      const types = r.got.map((g) => JSON.parse(g.body) as { type: string; data: { id: string; status: string } });
      expect(types.map((t) => t.type).sort()).toEqual(["booking.cancelled", "booking.created"]);
      expect(types.find((t) => t.type === "booking.cancelled")!.data).toMatchObject({
        id: booked.booking.id,
        status: "cancelled",
      });
    } finally {
      r.close();
    }
  });

  it("X2: the M4 sweep's expiries are membership.expired events, only for the studio that listens", async () => {
    const s = await makeStudio();
    const quiet = await makeStudio();
    const r = await receiver();
    try {
      await createWebhookEndpoint(await s.owner(), { url: r.url, events: ["membership.expired"] });
      const memberships = [];
      for (const t of [s, quiet]) {
        const owner = await t.owner();
        const plan = await makePlan(owner, PLANS.pack(5, 30));
        const client = await makeClient(owner, "Ex Pired");
        memberships.push((await assignMembership(owner, { planId: plan.id, clientId: client.id })).membership);
      }
      const db = await getDb();
      const later = new Date(Date.now() + 40 * 86_400_000);
      await expireDueMemberships(db, later, s.studio.id);
      await expireDueMemberships(db, later, quiet.studio.id);
      await drainJobs();
      expect(r.got.map((g) => JSON.parse(g.body).data)).toEqual([{ id: memberships[0]!.id, status: "expired" }]);
      const quietRows = await db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.studioId, quiet.studio.id));
      expect(quietRows).toEqual([]);
    } finally {
      r.close();
    }
  });

  it("X2: front desk and managers cannot manage webhooks", async () => {
    const s = await makeStudio();
    await expect(
      createWebhookEndpoint(await s.staffAs("front_desk"), { url: "http://127.0.0.1:9/x", events: ["client.created"] }),
    ).rejects.toThrow();
    await expect(
      createWebhookEndpoint(await s.staffAs("manager"), { url: "http://127.0.0.1:9/x", events: ["client.created"] }),
    ).rejects.toThrow();
  });
});
