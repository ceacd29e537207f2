import { headers } from "next/headers";

/**
 * The origin the person reached the app at, for showing copyable absolute
 * links (portal address, API examples). Display only: never used for redirects
 * or security decisions, since Host can be set by the caller.
 */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host);
  const proto = h.get("x-forwarded-proto") ?? (local ? "http" : "https");
  return `${proto}://${host}`;
}
