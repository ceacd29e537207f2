import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { normalizeEmail } from "@/lib/core/validation";
import { resolveAuthSecret } from "./secret";

/**
 * A4, OWASP "device cookies": a browser that signed in to an account gets a
 * signed cookie naming a random device id for that account. Its later
 * sign-ins to the same account count their failures against the device
 * alone, so strangers failing on the account (whose delays grow) never keep
 * its owner out. The cookie proves nothing else: the password is still checked.
 */
export const DEVICE_COOKIE = "roster_device";
export const DEVICE_COOKIE_SECONDS = 365 * 24 * 3600;

function mac(id: string, email: string): Buffer {
  const secret = resolveAuthSecret();
  if (!secret) throw new Error("AUTH_SECRET is not set: device cookies cannot be signed.");
  const key = createHash("sha256").update(`roster-device\0${secret}`).digest();
  return createHmac("sha256", key).update(`${id}\0${email}`).digest();
}

/** A fresh device cookie value for a login's email. */
export function newDeviceCookie(email: string): string {
  const id = randomBytes(16).toString("base64url");
  return `${id}.${mac(id, normalizeEmail(email)).toString("base64url")}`;
}

/** The device id a cookie value carries when it was issued for this email, else null. */
export function deviceIdFor(value: string | undefined | null, email: string): string | null {
  if (!value || value.length > 200) return null;
  const [id, sig, extra] = value.split(".");
  if (!id || !sig || extra !== undefined) return null;
  const given = Buffer.from(sig, "base64url");
  const expected = mac(id, normalizeEmail(email));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

/** The device cookie's value from a Cookie header. */
export function deviceCookieFrom(headers: Headers): string | null {
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === DEVICE_COOKIE) return rest.join("=");
  }
  return null;
}
