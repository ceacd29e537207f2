import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { clients, rateLimits } from "@/db/schema";
import { revokeApiKey } from "@/lib/api-keys/api-keys";
import { listApiKeys } from "@/lib/api-keys/api-keys";
import { LIMITS } from "@/lib/security";
import { MAX_BODY_BYTES } from "@/lib/api/handler";
import { openApiDocument } from "@/lib/api";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { call, keyFor } from "@/test/support/api";
import * as studioRoute from "./studio/route";
import * as settingsRoute from "./studio/settings/route";
import * as clientsRoute from "./clients/route";
import * as clientRoute from "./clients/[id]/route";

describe("platform API frame", () => {
  it("401 without a key, with an unknown key, and with a revoked key", async () => {
    const s = await makeStudio();
    const key = await keyFor(s);
    expect((await call(studioRoute.GET)).status).toBe(401);
    const unknown = await call(studioRoute.GET, { key: "rk_nope" });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe("unauthenticated");
    expect((await call(studioRoute.GET, { key })).status).toBe(200);
    const [apiKey] = await listApiKeys(await s.owner());
    await revokeApiKey(await s.owner(), apiKey!.id);
    expect((await call(studioRoute.GET, { key })).status).toBe(401);
  });

  it("GET /studio answers the key's studio only", async () => {
    const a = await makeStudio({ timezone: "America/New_York" });
    const b = await makeStudio();
    const res = await call(studioRoute.GET, { key: await keyFor(a) });
    expect(res.body).toEqual({
      id: a.studio.id,
      slug: a.studio.slug,
      name: a.studio.name,
      timezone: "America/New_York",
      currency: "EUR",
      settings: {
        noRestoreAfterNewPass: false,
        lateCancelHours: 0,
        embedOrigins: [],
        sessionReminderHours: 24,
        bookingOpensDaysBefore: null,
        bookingClosesMinutesBefore: 0,
        waitlistCutoffHours: null,
        lateCancelPolicy: { kind: "forfeit" },
        noShowPolicy: { kind: "forfeit" },
      },
    });
    expect((await call(studioRoute.GET, { key: await keyFor(b) })).body.id).toBe(b.studio.id);
  });

  it("PATCH /studio/settings changes settings and refuses bad input with field errors, changing nothing", async () => {
    const s = await makeStudio();
    const key = await keyFor(s);
    const ok = await call(settingsRoute.PATCH, {
      key,
      method: "PATCH",
      body: {
        lateCancelHours: 12,
        noRestoreAfterNewPass: true,
        embedOrigins: ["https://www.bluedoor.example"],
        noShowPolicy: { kind: "fee", feeCents: 3000 },
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.settings).toEqual({
      noRestoreAfterNewPass: true,
      lateCancelHours: 12,
      embedOrigins: ["https://www.bluedoor.example"],
      sessionReminderHours: 24,
      bookingOpensDaysBefore: null,
      bookingClosesMinutesBefore: 0,
      waitlistCutoffHours: null,
      lateCancelPolicy: { kind: "forfeit" },
      noShowPolicy: { kind: "fee", feeCents: 3000 },
    });
    const bad = await call(settingsRoute.PATCH, {
      key,
      method: "PATCH",
      body: {
        timezone: "Mars/Olympus",
        lateCancelHours: -1,
        embedOrigins: ["https://x.example/path"],
        lateCancelPolicy: { kind: "fee" },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_input");
    expect(Object.keys(bad.body.error.fields).sort()).toEqual([
      "embedOrigins.0",
      "lateCancelHours",
      "lateCancelPolicy.feeCents",
      "timezone",
    ]);
    const after = await call(studioRoute.GET, { key });
    expect(after.body.timezone).toBe("Europe/Warsaw");
    expect(after.body.settings.lateCancelHours).toBe(12);
  });

  it("POST /clients: 201 new, 200 for the same normalised email (C1), 400 with fields", async () => {
    const s = await makeStudio();
    const key = await keyFor(s);
    const email = uniqueEmail("kim");
    const created = await call(clientsRoute.POST, {
      key,
      method: "POST",
      body: { email, name: "Kim Lee", phone: "+1 555 0100" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email, name: "Kim Lee", phone: "+1 555 0100", source: "api" });
    const again = await call(clientsRoute.POST, {
      key,
      method: "POST",
      body: { email: ` ${email.toUpperCase()}`, name: "K" },
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(created.body.id);
    const bad = await call(clientsRoute.POST, { key, method: "POST", body: { email: "nope", name: 42 } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["email", "name"]);
  });

  it("rejects malformed JSON, unknown fields and oversized bodies with clear errors", async () => {
    const s = await makeStudio();
    const key = await keyFor(s);
    const malformed = await call(clientsRoute.POST, { key, method: "POST", rawBody: '{"email": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/not valid JSON/);
    const unknown = await call(clientsRoute.POST, {
      key,
      method: "POST",
      body: { email: uniqueEmail(), name: "A", admin: true },
    });
    expect(unknown.status).toBe(400);
    const latin1 = await call(clientsRoute.POST, { key, method: "POST", rawBody: "x" });
    expect(latin1.status).toBe(400);
    const brokenUtf8 = await clientsRoute.POST(
      new Request("http://localhost/api/v1/clients", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      }),
    );
    expect(brokenUtf8.status).toBe(400);
    expect((await brokenUtf8.json()).error.message).toBe("The body is not valid UTF-8.");
    const huge = await call(clientsRoute.POST, {
      key,
      method: "POST",
      rawBody: JSON.stringify({ name: "x".repeat(MAX_BODY_BYTES) }),
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe("payload_too_large");
    const db = await getDb();
    expect(await db.select().from(clients).where(eq(clients.studioId, s.studio.id))).toHaveLength(0);
  });

  it("GET /clients pages with a cursor and searches", async () => {
    const s = await makeStudio();
    const key = await keyFor(s);
    for (let i = 0; i < 5; i++) {
      await call(clientsRoute.POST, {
        key,
        method: "POST",
        body: { email: `p${i}.${s.studio.slug}@example.test`, name: `Person ${i}` },
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = `?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await call(clientsRoute.GET, { key, path: `/api/v1/clients${qs}` });
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((c: { name: string }) => c.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["Person 4", "Person 3", "Person 2", "Person 1", "Person 0"]);
    const found = await call(clientsRoute.GET, { key, path: "/api/v1/clients?q=person%203" });
    expect(found.body.data.map((c: { name: string }) => c.name)).toEqual(["Person 3"]);
    expect((await call(clientsRoute.GET, { key, path: "/api/v1/clients?limit=500" })).status).toBe(400);
    expect((await call(clientsRoute.GET, { key, path: "/api/v1/clients?cursor=garbage" })).status).toBe(400);
  });

  it("GET/PATCH /clients/{id}: another studio's client is 404, and nothing changes", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const keyA = await keyFor(a);
    const keyB = await keyFor(b);
    const mine = await call(clientsRoute.POST, {
      key: keyA,
      method: "POST",
      body: { email: uniqueEmail(), name: "Mine" },
    });
    const id = mine.body.id as string;
    expect((await call(clientRoute.GET, { key: keyA, params: { id } })).body.name).toBe("Mine");
    const theirs = await call(clientRoute.GET, { key: keyB, params: { id } });
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe("not_found");
    const patch = await call(clientRoute.PATCH, {
      key: keyB,
      method: "PATCH",
      params: { id },
      body: { name: "Stolen" },
    });
    expect(patch.status).toBe(404);
    expect((await call(clientRoute.GET, { key: keyA, params: { id } })).body.name).toBe("Mine");
    expect((await call(clientRoute.GET, { key: keyA, params: { id: "not-a-uuid" } })).status).toBe(404);
  });

  it("PATCH /clients/{id} edits C2 fields; a colliding email is 409 email_taken", async () => {
    const s = await makeStudio();
    const key = await keyFor(s);
    const one = await call(clientsRoute.POST, { key, method: "POST", body: { email: uniqueEmail(), name: "One" } });
    const two = await call(clientsRoute.POST, { key, method: "POST", body: { email: uniqueEmail(), name: "Two" } });
    const edited = await call(clientRoute.PATCH, {
      key,
      method: "PATCH",
      params: { id: one.body.id },
      body: {
        phone: "+48 111 222 333",
        emergencyContact: { name: "Eve", phone: "+48 999" },
        tags: ["vip"],
        marketingConsent: true,
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      phone: "+48 111 222 333",
      emergencyContact: { name: "Eve", phone: "+48 999" },
      tags: ["vip"],
      marketingConsent: true,
    });
    expect(edited.body.marketingConsentAt).not.toBeNull();
    const clash = await call(clientRoute.PATCH, {
      key,
      method: "PATCH",
      params: { id: two.body.id },
      body: { email: one.body.email.toUpperCase() },
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe("email_taken");
  });

  it("429 with Retry-After once a key passes its limit", async () => {
    const s = await makeStudio();
    const key = await keyFor(s);
    const [apiKey] = await listApiKeys(await s.owner());
    const db = await getDb();
    const windowMs = LIMITS.apiPerKey.windowSeconds * 1000;
    const windowStart = new Date(Math.floor(Date.now() / windowMs) * windowMs);
    await db.insert(rateLimits).values({ key: `api:${apiKey!.id}`, windowStart, count: LIMITS.apiPerKey.max });
    const res = await call(studioRoute.GET, { key });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe("rate_limited");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("the OpenAPI document lists exactly the routes under app/api/v1", async () => {
    const doc = openApiDocument();
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)),
    );
    const served = new Set<string>();
    const root = path.resolve("app/api/v1");
    const walk = async (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.name === "route.ts") {
          const mod = await import(full);
          const url = "/api/v1/" + path.relative(root, dir).replace(/\[(\w+)\]/g, "{$1}");
          for (const m of ["GET", "POST", "PATCH", "PUT", "DELETE"])
            if (mod[m]) served.add(`${m} ${url.replace(/\/$/, "")}`);
        }
      }
    };
    await walk(root);
    served.delete("GET /api/v1/openapi.json");
    expect([...served].sort()).toEqual([...documented].sort());
    expect(doc.paths["/api/v1/clients"]!.post).toMatchObject({ requestBody: { required: true } });
  });
});
