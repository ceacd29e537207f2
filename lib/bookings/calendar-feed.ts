import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { clients, type Studio } from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requireMemberActor } from "@/lib/core/permissions";
import { NotFoundError } from "@/lib/core/errors";
import { newCardToken } from "@/lib/cards/rotate-card-token";
import { memberContextFor } from "@/lib/clients/portal-access";

function requireMemberClient(ctx: Ctx): string {
  requireMemberActor(ctx);
  if (ctx.actor.kind !== "member") throw new NotFoundError("Client");
  return ctx.actor.clientId;
}

/** The signed-in member's secret calendar-feed token (what its subscription URL carries). */
export async function getCalendarToken(ctx: Ctx): Promise<string> {
  const clientId = requireMemberClient(ctx);
  const [row] = await ctx.db
    .select({ token: clients.calendarToken })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, clientId)));
  if (!row) throw new NotFoundError("Client");
  return row.token;
}

/** A new feed token: every calendar subscribed with the old URL stops receiving bookings. */
export async function resetCalendarToken(ctx: Ctx): Promise<string> {
  const clientId = requireMemberClient(ctx);
  const [row] = await ctx.db
    .update(clients)
    .set({ calendarToken: newCardToken() })
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, clientId)))
    .returning({ token: clients.calendarToken });
  if (!row) throw new NotFoundError("Client");
  return row.token;
}

/**
 * The member ctx a calendar app acts with when it fetches the feed by its
 * secret token, without a session: the token's client, only while it may use
 * the portal (a login, access not disabled (H3), not erased). Null otherwise,
 * so an unknown, reset or revoked token reads as "not found".
 */
export async function calendarFeedContext(
  db: Db,
  studio: Studio,
  token: string,
  now = new Date(),
): Promise<Ctx | null> {
  if (!/^[0-9a-f]{64}$/.test(token)) return null;
  const [row] = await db
    .select({ userId: clients.userId })
    .from(clients)
    .where(and(eq(clients.studioId, studio.id), eq(clients.calendarToken, token), isNull(clients.erasedAt)));
  if (!row?.userId) return null;
  return memberContextFor(db, studio, row.userId, now);
}
