/**
 * The Content-Security-Policy of every response. Scripts keep 'unsafe-inline'
 * because the App Router streams inline bootstrap scripts; everything else is
 * locked to our own origin. `frameAncestors` says who may frame the page: no
 * one (every page but the embed), or exactly a studio's listed origins (E3).
 */
export function contentSecurityPolicy(opts: { dev: boolean; frameAncestors: readonly string[] }): string {
  const { dev } = opts;
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${opts.frameAncestors.length ? opts.frameAncestors.join(" ") : "'none'"}`,
    ...(dev ? [] : ["upgrade-insecure-requests"]),
  ].join("; ");
}

/** Headers every response carries, framed or not. */
export const commonSecurityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(self), microphone=(), geolocation=(), payment=(self)" },
] as const;

/** The embedded signup flow's routes (E3), exactly as spelled: `/Embed/` is another (not found) path. */
export const EMBED_PREFIX = "/embed/";

/**
 * Strict-Transport-Security in production (issue 14): browsers keep to HTTPS
 * for two years, subdomains included. Not in development, where the app is
 * served over plain http://localhost.
 */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/**
 * The headers of a response. `frameAncestors: null`: nobody may frame it (CSP
 * `frame-ancestors 'none'`, X-Frame-Options DENY, isolated from openers);
 * a list: exactly those origins may (the embed, E3), with no X-Frame-Options
 * (it cannot list origins) and no opener isolation (the sign-in popup reports
 * back to its frame).
 */
export function securityHeaders(opts: {
  dev: boolean;
  frameAncestors: readonly string[] | null;
}): { key: string; value: string }[] {
  const framed = opts.frameAncestors !== null;
  return [
    {
      key: "Content-Security-Policy",
      value: contentSecurityPolicy({ dev: opts.dev, frameAncestors: opts.frameAncestors ?? [] }),
    },
    ...(framed
      ? []
      : [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ]),
    ...commonSecurityHeaders,
    ...(opts.dev ? [] : [{ key: "Strict-Transport-Security", value: STRICT_TRANSPORT_SECURITY }]),
  ];
}
