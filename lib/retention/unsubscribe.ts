import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { clients } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { appOrigin } from "@/lib/core/app-origin";

function key(): Buffer {
  const secret = resolveAuthSecret();
  if (!secret) throw new Error("AUTH_SECRET is not set: unsubscribe links cannot be signed.");
  // Its own key, derived from the app secret, so an unsubscribe token never passes for anything else.
  return createHash("sha256").update(`roster-unsubscribe\0${secret}`).digest();
}

function mac(studioId: string, clientId: string): string {
  return createHmac("sha256", key()).update(`${studioId}:${clientId}`).digest("base64url");
}

/**
 * C2: the token of a client's unsubscribe link: the client's id and an HMAC (keyed from AUTH_SECRET) over the
 * studio and the client, so it works without signing in, cannot be forged, and means nothing at another studio.
 */
export function unsubscribeToken(studioId: string, clientId: string): string {
  return `${clientId}.${mac(studioId, clientId)}`;
}

/** The client a token names at this studio, or null (malformed, forged, or another studio's). */
export function verifyUnsubscribeToken(studioId: string, token: string): string | null {
  const [clientId, sig, ...rest] = token.split(".");
  if (rest.length || !clientId || !sig || !z.uuid().safeParse(clientId).success) return null;
  const want = Buffer.from(mac(studioId, clientId));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got) ? clientId : null;
}

/** The link a retention mail carries (C2); null without a configured public origin (APP_URL). */
export function unsubscribeUrl(studio: { id: string; slug: string }, clientId: string): string | null {
  const origin = appOrigin();
  if (!origin) return null;
  return `${origin}/s/${studio.slug}/unsubscribe?t=${encodeURIComponent(unsubscribeToken(studio.id, clientId))}`;
}

export const UnsubscribeInput = z.object({ token: z.string().max(200) });

/** Whether an unsubscribe link's token is good at the studio of `ctx` (the page shows its button only then). */
export function isUnsubscribeToken(ctx: Ctx, token: string): boolean {
  return verifyUnsubscribeToken(ctx.studio.id, token) !== null;
}

/**
 * C2: the unsubscribe link, opened by anyone holding it (no sign-in; the token is the credential): turns off the
 * client's marketing consent at the studio of `ctx`, the one the link names. A forged token, another studio's
 * token or an erased client changes nothing and answers false. Safe to repeat. Audited.
 */
export async function unsubscribeByToken(ctx: Ctx, raw: z.input<typeof UnsubscribeInput>): Promise<boolean> {
  const input = UnsubscribeInput.safeParse(raw);
  if (!input.success) return false;
  const clientId = verifyUnsubscribeToken(ctx.studio.id, input.data.token);
  if (!clientId) return false;
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .update(clients)
      .set({ marketingConsent: false, marketingConsentAt: null, updatedAt: ctx.now })
      .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, clientId), isNull(clients.erasedAt)))
      .returning({ id: clients.id });
    if (!row) return false;
    await audit(tx, { action: "clients.unsubscribed", table: "clients", rowId: clientId, data: { via: "link" } });
    return true;
  });
}
