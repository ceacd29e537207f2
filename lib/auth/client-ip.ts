import { isIP } from "node:net";

/** How many proxies in front of the app append to X-Forwarded-For (env `TRUST_PROXY`: unset/0 none, 1 or "true" one, n). */
function trustedProxyHops(): number {
  const v = (process.env.TRUST_PROXY ?? "").trim().toLowerCase();
  if (v === "true") return 1;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * The client's address, the key of every per-IP rate limit (issue 9 "Abuse").
 * Behind proxies (`TRUST_PROXY=n`), each trusted proxy appends the address it
 * saw to X-Forwarded-For, so the n-th entry from the right is the one the
 * outermost trusted proxy wrote; everything left of it is whatever the visitor
 * sent. Without TRUST_PROXY the header cannot be trusted at all: `next start`
 * fills it with the socket's address only when the request has none, so a
 * visitor's own header would win. Then every visitor shares one key ("local"):
 * limits hold app-wide rather than being bypassable with a made-up header.
 */
export function clientIp(headers: Headers): string {
  const hops = trustedProxyHops();
  if (hops === 0) return "local";
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const hop = chain.length ? chain[Math.max(0, chain.length - hops)]! : (headers.get("x-real-ip")?.trim() ?? "");
  // Some proxies write "1.2.3.4:5678" or "[2001:db8::1]:5678"; the port is not part of who the visitor is.
  const address = /^\[([^\]]+)\](?::\d+)?$/.exec(hop)?.[1] ?? /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(hop)?.[1] ?? hop;
  return isIP(address) ? address.toLowerCase() : "local";
}
