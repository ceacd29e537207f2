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
