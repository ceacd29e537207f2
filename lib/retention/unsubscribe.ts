import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { clients, studios } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { appOrigin } from "@/lib/mail/app-origin";

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

export const UnsubscribeInput = z.object({ studio: z.string().max(100), t: z.string().max(200) });

/**
 * C2: the unsubscribe link, opened by anyone holding it (no sign-in): turns off the client's marketing consent at
 * the studio the link names. A forged token, another studio's token or an erased client changes nothing and
 * answers false. Safe to repeat.
 */
export async function unsubscribeByToken(db: Db, raw: z.input<typeof UnsubscribeInput>, now = new Date()) {
  const input = UnsubscribeInput.safeParse(raw);
  if (!input.success) return false;
  const [studio] = await db.select().from(studios).where(eq(studios.slug, input.data.studio));
  if (!studio) return false;
  const clientId = verifyUnsubscribeToken(studio.id, input.data.t);
  if (!clientId) return false;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(clients)
      .set({ marketingConsent: false, marketingConsentAt: null, updatedAt: now })
      .where(and(eq(clients.studioId, studio.id), eq(clients.id, clientId), isNull(clients.erasedAt)))
      .returning({ id: clients.id });
    if (!row) return false;
    await audit(
      { db: tx as unknown as Db, studio, actor: { kind: "system", reason: "unsubscribe link" }, now },
      { action: "clients.unsubscribed", table: "clients", rowId: clientId, data: { via: "unsubscribe link" } },
    );
    return true;
  });
}
