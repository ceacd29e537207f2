import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { requireScope, type ApiScope } from "@/lib/api/scopes";
import { bookSession, cancelBooking } from "@/lib/bookings";
import { toApiBooking } from "@/lib/bookings/booking-output";
import { listSessions, toApiSession } from "@/lib/classes";
import { getClient, toApiClient } from "@/lib/clients";
import type { Ctx } from "@/lib/core/ctx";
import { DomainError } from "@/lib/core/errors";
import { formatDateTime } from "@/lib/core/format";
import { getClientStats, listClients, messageClients } from "@/lib/crm";

/** A tool's answer: a line of text a model can read, and the same facts as structured content. */
function answer(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text }], structuredContent: structured };
}

/** A refusal as the tool's error (the model reads why), never a protocol error. */
function refusal(e: unknown): CallToolResult {
  if (e instanceof DomainError)
    return { isError: true, content: [{ type: "text", text: `Refused (${e.code}): ${e.message}` }] };
  throw e;
}

/**
 * X3: Roster's MCP server for one caller. Every tool checks the key's scope first (API.md: read, book, message,
 * manage), then calls the same verb as the API and the dashboard with the caller's ctx — so the verb checks the
 * studio and the permission, and writes are recorded as the key.
 */
export function buildMcpServer(ctx: Ctx): McpServer {
  const server = new McpServer(
    { name: "roster", version: "1.0.0" },
    { instructions: `Front desk of ${ctx.studio.name}. Times are in ${ctx.studio.timezone}.` },
  );
  const tz = ctx.studio.timezone;

  const tool = <S extends z.ZodRawShape>(
    name: string,
    scope: ApiScope,
    description: string,
    inputSchema: S,
    run: (args: z.output<z.ZodObject<S>>) => Promise<CallToolResult>,
  ) =>
    server.registerTool(name, { description: `${description} (scope: ${scope})`, inputSchema }, (async (
      args: z.output<z.ZodObject<S>>,
    ) => {
      try {
        requireScope(ctx, scope);
        return await run(args);
      } catch (e) {
        return refusal(e);
      }
    }) as never);

  tool(
    "list_sessions",
    "read",
    "The studio's sessions between two instants (ISO 8601), with places booked and free.",
    {
      from: z.string().describe("Start, ISO 8601 with offset; default now.").optional(),
      to: z.string().describe("End, ISO 8601 with offset; default 7 days after from.").optional(),
    },
    async ({ from, to }) => {
      const start = from ? new Date(from) : ctx.now;
      const end = to ? new Date(to) : new Date(start.getTime() + 7 * 86_400_000);
      const sessions = (await listSessions(ctx, { from: start.toISOString(), to: end.toISOString() })).map(
        toApiSession,
      );
      const lines = sessions.map(
        (s) =>
          `${s.id}: ${(s as { title?: string }).title ?? "session"} at ${formatDateTime(new Date(s.startsAt), tz)}, ` +
          `${s.booked}/${s.capacity} booked`,
      );
      return answer(lines.length ? lines.join("\n") : "No sessions in that range.", { sessions });
    },
  );

  tool(
    "find_clients",
    "read",
    "Clients whose name, email or phone matches the query.",
    { query: z.string().min(1).max(200), limit: z.number().int().min(1).max(50).optional() },
    async ({ query, limit }) => {
      const page = await listClients(ctx, { q: query, limit: limit ?? 10 });
      const clients = page.data.map((c) => ({ id: c.id, name: c.name, email: c.email, status: c.status }));
      const text = clients.length
        ? clients.map((c) => `${c.id}: ${c.name} <${c.email ?? "no email"}> (${c.status})`).join("\n")
        : `No client matches "${query}".`;
      return answer(text, { clients });
    },
  );

  tool(
    "get_client",
    "read",
    "One client with their booking figures.",
    { clientId: z.string() },
    async ({ clientId }) => {
      const client = toApiClient(await getClient(ctx, clientId));
      const stats = await getClientStats(ctx, clientId);
      return answer(`${client.name} <${client.email ?? "no email"}>: ${JSON.stringify(stats)}`, {
        client,
        stats: JSON.parse(JSON.stringify(stats)) as Record<string, unknown>,
      });
    },
  );

  tool(
    "list_at_risk_clients",
    "read",
    "Clients at risk of leaving: lapsed ones (R2: no booking for a while), most recent first.",
    { limit: z.number().int().min(1).max(100).optional() },
    async ({ limit }) => {
      const page = await listClients(ctx, { status: "lapsed", limit: limit ?? 20 });
      const clients = page.data.map((c) => ({
        id: c.id,
        name: c.name,
        email: c.email,
        lastBookingAt: c.lastBookingAt?.toISOString() ?? null,
      }));
      const text = clients.length
        ? clients
            .map(
              (c) =>
                `${c.id}: ${c.name}, last booked ${c.lastBookingAt ? formatDateTime(new Date(c.lastBookingAt), tz) : "never"}`,
            )
            .join("\n")
        : "No lapsed clients.";
      return answer(text, { clients });
    },
  );

  tool(
    "book_session",
    "book",
    "Book a client into a session (the paying membership is chosen by the studio's rules).",
    { sessionId: z.string(), clientId: z.string() },
    async ({ sessionId, clientId }) => {
      const r = await bookSession(ctx, { sessionId, clientId });
      const booking = toApiBooking(r.booking);
      return answer(
        `Booked: booking ${booking.id}` +
          (r.sessionsRemaining !== null ? `, ${r.sessionsRemaining} sessions left on the pack.` : "."),
        { booking, membershipId: r.membershipId, sessionsRemaining: r.sessionsRemaining },
      );
    },
  );

  tool("cancel_booking", "book", "Cancel a booking.", { bookingId: z.string() }, async ({ bookingId }) => {
    const r = await cancelBooking(ctx, bookingId);
    const booking = toApiBooking(r.booking);
    return answer(`Cancelled booking ${booking.id}; session returned: ${r.sessionReturned ? "yes" : "no"}.`, {
      booking,
      sessionReturned: r.sessionReturned,
      sessionsRemaining: r.sessionsRemaining,
    });
  });

  tool(
    "message_clients",
    "message",
    "Email clients. Without confirm: true it only says who would receive the message.",
    {
      clientIds: z.array(z.string()).min(1).max(1000),
      subject: z.string().min(1).max(200),
      body: z.string().min(1).max(20_000),
      confirm: z.boolean().optional(),
    },
    async ({ clientIds, subject, body, confirm }) => {
      if (confirm !== true) {
        const recipients = [];
        for (const id of [...new Set(clientIds)]) {
          const c = await getClient(ctx, id);
          recipients.push({ id: c.id, name: c.name, email: c.email });
        }
        const text =
          `Not sent. "${subject}" would go to ${recipients.filter((r) => r.email).length} of ${recipients.length}: ` +
          recipients.map((r) => `${r.name} <${r.email ?? "no email: skipped"}>`).join(", ") +
          ". Call again with confirm: true to send.";
        return answer(text, { sent: false, recipients });
      }
      const r = await messageClients(ctx, { clientIds, subject, body });
      return answer(`Sent: ${r.queued} mails queued, ${r.skipped} skipped (no email).`, { sent: true, ...r });
    },
  );

  return server;
}
