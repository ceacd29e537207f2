import http from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, bookings, membershipLedger, messages } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys";
import { assignMembership } from "@/lib/memberships/assign-membership";
import * as mcpRoute from "@/app/api/mcp/route";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, type TestStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";

/** The app's /api/mcp route handler behind a real HTTP server, as Next.js would serve it. */
let server: http.Server;
let url: string;
beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers,
      body: req.method === "POST" ? Buffer.concat(chunks) : undefined,
    });
    const handler = req.method === "POST" ? mcpRoute.POST : undefined;
    const response = handler ? await handler(request) : new Response(null, { status: 405 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/mcp`;
});
afterAll(() => server.close());

async function connect(key: string): Promise<Client> {
  const client = new Client({ name: "roster-test", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${key}` } } }),
  );
  return client;
}

async function keyWith(s: TestStudio, scopes: ("read" | "book" | "message" | "manage")[]) {
  return (await createApiKey(await s.owner(), { name: scopes.join("+"), scopes })).key;
}

type ToolResult = { isError?: boolean; content: { type: string; text: string }[]; structuredContent?: any };

describe("X3: the MCP server", () => {
  it("X3: a read key lists the tools and sessions, and is refused book_session; nothing is booked", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const { session } = await makeSession(owner, { startsAt: new Date(Date.now() + 2 * 86_400_000) });
    const client = await makeClient(owner, "Mia Reader");
    const mcp = await connect(await keyWith(s, ["read"]));
    try {
      const tools = (await mcp.listTools()).tools.map((t) => t.name);
      expect(tools).toEqual(
        expect.arrayContaining([
          "list_sessions",
          "find_clients",
          "get_client",
          "book_session",
          "cancel_booking",
          "list_at_risk_clients",
          "message_clients",
        ]),
      );
      const listed = (await mcp.callTool({ name: "list_sessions", arguments: {} })) as ToolResult;
      expect(listed.isError).toBeFalsy();
      expect(listed.structuredContent.sessions.map((x: { id: string }) => x.id)).toContain(session.id);
      expect(listed.content[0]!.text).toContain(session.id);
      const found = (await mcp.callTool({ name: "find_clients", arguments: { query: "Mia" } })) as ToolResult;
      expect(found.structuredContent.clients.map((c: { id: string }) => c.id)).toEqual([client.id]);

      const refused = (await mcp.callTool({
        name: "book_session",
        arguments: { sessionId: session.id, clientId: client.id },
      })) as ToolResult;
      expect(refused.isError).toBe(true);
      expect(refused.content[0]!.text).toContain("forbidden");
      const db = await getDb();
      expect(await db.select().from(bookings).where(eq(bookings.sessionId, session.id))).toEqual([]);
    } finally {
      await mcp.close();
    }
  });

  it("X3: a book key books from a pack (booking and ledger row exist, recorded as the key) and cancels", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const { session } = await makeSession(owner, { startsAt: new Date(Date.now() + 2 * 86_400_000) });
    const client = await makeClient(owner, "Bo Booker");
    const plan = await makePlan(owner, PLANS.pack(5));
    const { membership } = await assignMembership(owner, { planId: plan.id, clientId: client.id });
    const { key, apiKey } = await createApiKey(owner, { name: "assistant", scopes: ["book"] });
    const mcp = await connect(key);
    try {
      const booked = (await mcp.callTool({
        name: "book_session",
        arguments: { sessionId: session.id, clientId: client.id },
      })) as ToolResult;
      expect(booked.isError).toBeFalsy();
      expect(booked.structuredContent).toMatchObject({ membershipId: membership.id, sessionsRemaining: 4 });
      const db = await getDb();
      const [row] = await db.select().from(bookings).where(eq(bookings.id, booked.structuredContent.booking.id));
      expect(row).toMatchObject({ status: "booked", bookedByActorId: apiKey.id });
      const ledger = await db
        .select()
        .from(membershipLedger)
        .where(and(eq(membershipLedger.membershipId, membership.id), eq(membershipLedger.bookingId, row!.id)));
      expect(ledger.map((l) => l.delta)).toEqual([-1]);

      // A book key cannot read clients.
      const read = (await mcp.callTool({ name: "get_client", arguments: { clientId: client.id } })) as ToolResult;
      expect(read.isError).toBe(true);

      const cancelled = (await mcp.callTool({
        name: "cancel_booking",
        arguments: { bookingId: row!.id },
      })) as ToolResult;
      expect(cancelled.isError).toBeFalsy();
      expect(cancelled.structuredContent).toMatchObject({ sessionReturned: true, sessionsRemaining: 5 });
    } finally {
      await mcp.close();
    }
  });

  it("X3: another studio's session, booking and client are not found, and nothing changes", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const ownerB = await b.owner();
    const { session } = await makeSession(ownerB, { startsAt: new Date(Date.now() + 2 * 86_400_000) });
    const clientB = await makeClient(ownerB, "Other Person");
    const clientA = await makeClient(await a.owner(), "Own Person");
    const mcp = await connect(await keyWith(a, ["manage"]));
    try {
      for (const [name, args] of [
        ["book_session", { sessionId: session.id, clientId: clientA.id }],
        ["get_client", { clientId: clientB.id }],
        ["cancel_booking", { bookingId: session.id }],
        ["message_clients", { clientIds: [clientB.id], subject: "Hi", body: "Hello", confirm: true }],
      ] as const) {
        const r = (await mcp.callTool({ name, arguments: args })) as ToolResult;
        expect(r.isError, name).toBe(true);
        expect(r.content[0]!.text, name).toContain("not_found");
      }
      const db = await getDb();
      expect(await db.select().from(bookings).where(eq(bookings.sessionId, session.id))).toEqual([]);
    } finally {
      await mcp.close();
    }
  });

  it("X3: message_clients says who would receive it without confirm; with confirm it queues the mail, audited as the key", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const client = await makeClient(owner, "Mae Mail");
    const { key, apiKey } = await createApiKey(owner, { name: "writer", scopes: ["message"] });
    const mcp = await connect(key);
    const db = await getDb();
    try {
      const args = { clientIds: [client.id], subject: "Class moved", body: "Tuesday's class is at 19:00." };
      const dry = (await mcp.callTool({ name: "message_clients", arguments: args })) as ToolResult;
      expect(dry.isError).toBeFalsy();
      expect(dry.structuredContent.sent).toBe(false);
      expect(dry.content[0]!.text).toContain(client.email!);
      expect(await db.select().from(messages).where(eq(messages.clientId, client.id))).toEqual([]);

      const sent = (await mcp.callTool({
        name: "message_clients",
        arguments: { ...args, confirm: true },
      })) as ToolResult;
      expect(sent.isError).toBeFalsy();
      expect(sent.structuredContent).toMatchObject({ sent: true, queued: 1 });
      const mails = await db.select().from(messages).where(eq(messages.clientId, client.id));
      expect(mails.map((m) => m.toAddress)).toEqual([client.email]);
      const audited = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.studioId, s.studio.id), eq(auditLog.action, "clients.messaged")));
      expect(audited.map((r) => [r.actorType, r.actorId])).toEqual([["api", apiKey.id]]);
    } finally {
      await mcp.close();
    }
  });

  it("X3: no key or an unknown key is 401 before any tool runs", async () => {
    await expect(connect("rk_unknown")).rejects.toThrow();
    const res = await fetch(url, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(401);
  });
});
