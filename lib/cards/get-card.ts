import { and, eq, isNull } from "drizzle-orm";
import { clients, type Client, type MembershipStatus } from "@/db/schema";
import { getClient } from "@/lib/clients/get-client";
import { type Ctx } from "@/lib/core/ctx";
import { requireMemberActor, requirePermission } from "@/lib/core/permissions";
import { ForbiddenError, NotFoundError } from "@/lib/core/errors";
import { listClientMemberships } from "@/lib/memberships/client-memberships";
import { payStanding, type PayStanding } from "@/lib/memberships/effective-status";
import { parseCardToken } from "./card-content";
import { cardQrSvg } from "./card-qr";

export type CardMembership = {
  id: string;
  plan: { id: string; name: string };
  /** The effective status at ctx.now (M4): an end in the past reads `expired`, swept or not. */
  status: MembershipStatus;
  /** Grants rights now (M3): active and started. */
  active: boolean;
  /** O2: can pay for a booking now (active, started and, for a pack, a session left): payStanding. */
  canPay: boolean;
  /** O2: why it can or cannot pay. */
  standing: PayStanding;
  /** Held by a company the client is linked to (M7). */
  inherited: boolean;
  startsAt: Date;
  endsAt: Date | null;
  suspendedFrom: Date | null;
  suspendedUntil: Date | null;
  sessionsTotal: number | null;
  sessionsRemaining: number | null;
};

export type Card = {
  client: { id: string; name: string; email: string | null; pictureUrl: string | null; memberSince: Date | null };
  /** Every membership the client holds, own and inherited; those granting rights first, then newest first. */
  memberships: CardMembership[];
  summary: "active" | "no_active_membership";
};

/** What staff see when they scan a card (W1): the client and each membership's effective status. */
async function cardOf(ctx: Ctx, client: Client): Promise<Card> {
  const held = await listClientMemberships(ctx, client.id);
  const memberships = held.map((h): CardMembership => {
    const standing = payStanding(h.membership, ctx.now);
    return {
      id: h.membership.id,
      plan: { id: h.plan.id, name: h.plan.name },
      status: h.status,
      active: h.grantsRights,
      canPay: standing === "active",
      standing,
      inherited: h.inherited,
      startsAt: h.membership.startsAt,
      endsAt: h.membership.endsAt,
      suspendedFrom: h.membership.suspendedFrom,
      suspendedUntil: h.membership.suspendedUntil,
      sessionsTotal: h.membership.sessionsTotal,
      sessionsRemaining: h.membership.sessionsRemaining,
    };
  });
  // Stable sort: the ones that can pay first, then the others that let the client in, otherwise newest first as listed.
  memberships.sort((a, b) => Number(b.canPay) - Number(a.canPay) || Number(b.active) - Number(a.active));
  return {
    client: {
      id: client.id,
      name: client.name,
      email: client.email,
      pictureUrl: client.pictureUrl,
      memberSince: client.memberSince,
    },
    memberships,
    summary: memberships.some((m) => m.active) ? "active" : "no_active_membership",
  };
}

/**
 * W1: the client behind a scanned or typed card token, with each membership's
 * effective status at ctx.now (M4): an expired membership is shown as such and
 * the client is still identified. Accepts the QR content (`roster-card:<token>`)
 * or the bare token. A malformed token, a replaced one, an erased client's, or
 * another studio's card are all "not found".
 */
export async function getCard(ctx: Ctx, token: string): Promise<Card> {
  requirePermission(ctx, "clients.read");
  const parsed = parseCardToken(token);
  if (!parsed) throw new NotFoundError("Card");
  const [client] = await ctx.db
    .select()
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.cardToken, parsed), isNull(clients.erasedAt)));
  if (!client) throw new NotFoundError("Card");
  return cardOf(ctx, client);
}

export type CardCode = { token: string; qrSvg: string };

/** W1: the signed-in member's own card: their name, the token and its QR code. Members only. */
export async function getMyCard(ctx: Ctx): Promise<CardCode & { client: { id: string; name: string } }> {
  requireMemberActor(ctx);
  if (ctx.actor.kind !== "member") throw new ForbiddenError("Only a member has a member card to show.");
  const [me] = await ctx.db
    .select({ id: clients.id, name: clients.name, cardToken: clients.cardToken })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, ctx.actor.clientId), isNull(clients.erasedAt)));
  if (!me) throw new NotFoundError("Client");
  return { client: { id: me.id, name: me.name }, token: me.cardToken, qrSvg: await cardQrSvg(me.cardToken) };
}

/** W1: a client's card as staff see it on the client's page (to show, print or replace). Staff only. */
export async function getClientCard(
  ctx: Ctx,
  clientId: string,
): Promise<CardCode & { client: { id: string; name: string } }> {
  const client = await getClient(ctx, clientId);
  return {
    client: { id: client.id, name: client.name },
    token: client.cardToken,
    qrSvg: await cardQrSvg(client.cardToken),
  };
}

/** The card as the API and the Scan page show it (API.md "Member card"): times in ISO 8601. */
export function toApiCard(card: Card) {
  return {
    client: { ...card.client, memberSince: card.client.memberSince?.toISOString() ?? null },
    memberships: card.memberships.map((m) => ({
      ...m,
      startsAt: m.startsAt.toISOString(),
      endsAt: m.endsAt?.toISOString() ?? null,
      suspendedFrom: m.suspendedFrom?.toISOString() ?? null,
      suspendedUntil: m.suspendedUntil?.toISOString() ?? null,
    })),
    summary: card.summary,
  };
}
export type ApiCard = ReturnType<typeof toApiCard>;
export type ApiCardMembership = ApiCard["memberships"][number];
