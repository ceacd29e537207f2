import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { resolveAuthSecret } from "@/lib/auth/secret";

/**
 * Who is signed in inside a studio's embedded signup flow (E1, E2). Kept apart
 * from the portal's Auth.js session: it lives in its own cookie that a browser
 * keeps inside a third-party frame (`SameSite=None; Secure; Partitioned`),
 * names one client of one studio, and lasts two hours. A token-injected
 * visitor has no login (`userId` null): the studio vouched for them.
 */
export type EmbedSession = {
  studioId: string;
  clientId: string;
  userId: string | null;
  /** A3: a login's server-side session id (lib/auth/sessions.ts); null for a token-injected visitor. */
  sessionId?: string | null;
  exp: number;
};

export const EMBED_COOKIE = "roster_embed";
export const EMBED_SESSION_SECONDS = 2 * 3600;

/** A handoff (from a sign-in form to the step that sets the cookie) lasts this long. */
export const EMBED_HANDOFF_SECONDS = 120;

/** What a sealed value is for: the cookie itself, or the short handoff that becomes it. */
type Purpose = "session" | "handoff";

const Payload = z.object({
  p: z.enum(["session", "handoff"]),
  s: z.uuid(),
  c: z.uuid(),
  u: z.uuid().nullable(),
  i: z.string().max(100).nullable().optional(),
  e: z.number().int(),
});

function key(): Buffer {
  const secret = resolveAuthSecret();
  if (!secret) throw new Error("AUTH_SECRET is not set: embed sessions cannot be signed.");
  // Its own key, derived from the app secret, so an embed cookie can never pass for anything else.
  return createHash("sha256").update(`roster-embed-session\0${secret}`).digest();
}

function mac(body: string): Buffer {
  return createHmac("sha256", key()).update(body).digest();
}

/** The cookie's value (or a handoff's): the session as base64url JSON and its HMAC. */
export function sealEmbedSession(s: Omit<EmbedSession, "exp">, now: Date, purpose: Purpose = "session"): string {
  const exp =
    Math.floor(now.getTime() / 1000) + (purpose === "session" ? EMBED_SESSION_SECONDS : EMBED_HANDOFF_SECONDS);
  const body = Buffer.from(
    JSON.stringify({ p: purpose, s: s.studioId, c: s.clientId, u: s.userId, i: s.sessionId ?? null, e: exp }),
  ).toString("base64url");
  return `${body}.${mac(body).toString("base64url")}`;
}

/** The session a cookie value (or handoff) carries for this studio, or null when absent, forged, expired, another studio's or for another purpose. */
export function openEmbedSession(
  value: string | undefined,
  studioId: string,
  now: Date,
  purpose: Purpose = "session",
): EmbedSession | null {
  if (!value || value.length > 1024) return null;
  const [body, sig, extra] = value.split(".");
  if (!body || !sig || extra !== undefined) return null;
  const given = Buffer.from(sig, "base64url");
  const expected = mac(body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let parsed: z.output<typeof Payload>;
  try {
    parsed = Payload.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    return null;
  }
  if (parsed.p !== purpose || parsed.s !== studioId || parsed.e <= Math.floor(now.getTime() / 1000)) return null;
  return { studioId: parsed.s, clientId: parsed.c, userId: parsed.u, sessionId: parsed.i ?? null, exp: parsed.e };
}

/** The cookie's attributes: kept by browsers inside a third-party iframe (CHIPS), scoped to the studio's embed pages. */
export function embedCookieOptions(slug: string) {
  return {
    httpOnly: true,
    secure: true,
    sameSite: "none" as const,
    partitioned: true,
    path: `/embed/${slug}`,
    maxAge: EMBED_SESSION_SECONDS,
  };
}
