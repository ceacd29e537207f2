import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { InvalidInputError } from "@/lib/core/errors";

/**
 * X2, SSRF: a webhook URL must reach the public internet. Loopback, link-local, private, unique-local and other
 * reserved addresses are refused — when the endpoint is saved and again before each delivery (DNS may change).
 * Tests and local development allow them, and plain http://, with the explicit ROSTER_WEBHOOKS_ALLOW_PRIVATE=1
 * (the e2e run sets it for its local receiver; never set it on a public deployment).
 */
export function privateAddressesAllowed(): boolean {
  return process.env.ROSTER_WEBHOOKS_ALLOW_PRIVATE === "1";
}

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() === "unicast";
}

function refuse(message: string): never {
  throw new InvalidInputError(message, { url: [message] });
}

/** Checks the URL's form and where it points; answers the URL to call. */
export async function checkWebhookUrl(raw: string): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    refuse("Enter a full URL, starting with https://.");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && privateAddressesAllowed()))
    refuse("Webhook URLs must use https://.");
  if (url.username || url.password) refuse("Put no user name or password in the URL.");
  if (privateAddressesAllowed()) return url;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = ipaddr.isValid(host)
    ? [host]
    : await lookup(host, { all: true }).then(
        (r) => r.map((a) => a.address),
        () => [] as string[],
      );
  if (!addresses.length) refuse("This host name does not resolve.");
  if (!addresses.every(isPublicAddress))
    refuse("This URL points at a private, loopback or link-local address; webhooks go to public addresses only.");
  return url;
}
