import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { DomainError } from "@/lib/core/errors";
import { Email, PersonName } from "@/lib/core/validation";

/**
 * E2 token injection: the studio's own server, which already knows the
 * visitor, signs a short-lived JWT with the studio's embed secret and hands it
 * to the embed snippet in its page (never in a URL). Roster checks it here.
 *
 * The token is a compact JWS, HS256 only:
 *   header  {"alg":"HS256","typ":"JWT"}
 *   claims  iss   the studio's slug (which studio signed it)
 *           aud   "roster-embed"
 *           sub   the visitor's id on the studio's site
 *           email the visitor's email (the client is found or created by it, C1)
 *           name  the visitor's name
 *           iat   when it was signed (seconds)
 *           exp   when it expires (seconds; at most 15 minutes after iat)
 *           jti   a unique id; a token is accepted once
 */
export const EMBED_TOKEN_AUDIENCE = "roster-embed";
/** The longest validity a token may claim: "minutes" (E2). */
export const EMBED_TOKEN_MAX_LIFETIME_S = 15 * 60;
/** Clocks of the studio's server and ours may differ this much. */
const CLOCK_SKEW_S = 60;
/** Larger than any honest token; refused before any parsing. */
const MAX_TOKEN_LENGTH = 4096;

/** Why a token was refused. The visitor sees one message; tests and logs see the reason. */
export type EmbedTokenRefusal =
  | "malformed"
  | "unsupported_alg"
  | "bad_signature"
  | "wrong_studio"
  | "wrong_audience"
  | "expired"
  | "not_yet_valid"
  | "too_long_lived"
  | "missing_claims"
  | "replayed"
  | "no_secret"
  | "access_disabled";

const MESSAGES: Record<EmbedTokenRefusal, string> = {
  malformed: "The sign-in token is not a valid token.",
  unsupported_alg: "The sign-in token must be signed with HS256.",
  bad_signature: "The sign-in token's signature does not match this studio's embed secret.",
  wrong_studio: "The sign-in token was made for another studio.",
  wrong_audience: `The sign-in token's audience must be "${EMBED_TOKEN_AUDIENCE}".`,
  expired: "The sign-in token has expired. Reload the page to get a new one.",
  not_yet_valid: "The sign-in token is not valid yet. Check the clock of the server that signs it.",
  too_long_lived: `The sign-in token is valid for too long: at most ${EMBED_TOKEN_MAX_LIFETIME_S / 60} minutes.`,
  missing_claims: "The sign-in token lacks a claim it needs (sub, email, name, exp, jti).",
  replayed: "This sign-in token was already used. Reload the page to get a new one.",
  no_secret: "This studio has not set up sign-in tokens.",
  access_disabled: "Your access to this studio's online sign-up has been turned off. Please contact the studio.",
};

/** 401 invalid_token: the embed token is refused; `reason` says why. */
export class EmbedTokenError extends DomainError {
  constructor(readonly reason: EmbedTokenRefusal) {
    super("invalid_token", MESSAGES[reason]);
  }
}

const Header = z.object({ alg: z.string(), typ: z.string().optional() });
const Claims = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  sub: z.string().min(1).max(200),
  email: Email,
  name: PersonName,
  iat: z.number().optional(),
  nbf: z.number().optional(),
  exp: z.number(),
  jti: z.string().min(8).max(200),
});
export type EmbedTokenClaims = z.output<typeof Claims>;

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

function decodeJson(part: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) throw new EmbedTokenError("malformed");
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    throw new EmbedTokenError("malformed");
  }
}

function sign(signingInput: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(signingInput).digest();
}

/**
 * Checks an embed token against one studio (E2) and returns its claims, or
 * throws EmbedTokenError: only HS256 (so `alg: none` and key-confusion tricks
 * fail), the signature with the studio's secret (compared in constant time),
 * then issuer, audience, expiry, validity window and the claims that name the
 * visitor. Single use is the caller's part (acceptEmbedToken), since it needs
 * the database.
 */
export function verifyEmbedToken(
  token: string,
  studio: { slug: string; embedSecret: string | null },
  now: Date,
): EmbedTokenClaims {
  if (!studio.embedSecret) throw new EmbedTokenError("no_secret");
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) throw new EmbedTokenError("malformed");
  const parts = token.trim().split(".");
  if (parts.length !== 3) throw new EmbedTokenError("malformed");
  const [h, c, s] = parts as [string, string, string];
  const header = Header.safeParse(decodeJson(h));
  if (!header.success) throw new EmbedTokenError("malformed");
  if (header.data.alg !== "HS256") throw new EmbedTokenError("unsupported_alg");
  if (!/^[A-Za-z0-9_-]+$/.test(s)) throw new EmbedTokenError("bad_signature");
  const expected = sign(`${h}.${c}`, studio.embedSecret);
  const given = Buffer.from(s, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    // A token signed for another studio fails here too; say so when its issuer shows it.
    const iss = (decodeJson(c) as { iss?: unknown } | null)?.iss;
    throw new EmbedTokenError(typeof iss === "string" && iss !== studio.slug ? "wrong_studio" : "bad_signature");
  }
  const parsed = Claims.safeParse(decodeJson(c));
  if (!parsed.success) throw new EmbedTokenError("missing_claims");
  const claims = parsed.data;
  if (claims.iss !== studio.slug) throw new EmbedTokenError("wrong_studio");
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(EMBED_TOKEN_AUDIENCE)) throw new EmbedTokenError("wrong_audience");
  const t = Math.floor(now.getTime() / 1000);
  if (claims.exp <= t - CLOCK_SKEW_S) throw new EmbedTokenError("expired");
  if ((claims.nbf ?? claims.iat ?? 0) > t + CLOCK_SKEW_S) throw new EmbedTokenError("not_yet_valid");
  if (
    claims.exp - (claims.iat ?? t) > EMBED_TOKEN_MAX_LIFETIME_S ||
    claims.exp > t + EMBED_TOKEN_MAX_LIFETIME_S + CLOCK_SKEW_S
  ) {
    throw new EmbedTokenError("too_long_lived");
  }
  return claims;
}

/**
 * Signs an embed token as a studio's server does (what the README's Node
 * example shows). Roster itself uses it in tests and in the Settings preview.
 */
export function mintEmbedToken(
  secret: string,
  claims: {
    iss: string;
    sub: string;
    email: string;
    name: string;
    aud?: string;
    iat?: number;
    exp?: number;
    jti?: string;
  },
  now = new Date(),
  header: Record<string, unknown> = { alg: "HS256", typ: "JWT" },
): string {
  const iat = claims.iat ?? Math.floor(now.getTime() / 1000);
  const body = {
    aud: EMBED_TOKEN_AUDIENCE,
    jti: randomBytes(16).toString("base64url"),
    exp: iat + 5 * 60,
    ...claims,
    iat,
  };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(body))}`;
  return `${signingInput}.${b64url(sign(signingInput, secret))}`;
}

/** A new embed secret: 32 random bytes, base64url. */
export function newEmbedSecret(): string {
  return randomBytes(32).toString("base64url");
}
