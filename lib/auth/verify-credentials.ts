import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { loginThrottles, users } from "@/db/schema";
import { normalizeEmail } from "@/lib/core/validation";
import {
  BACKOFFS,
  clearBackoff,
  hitRateLimit,
  LIMITS,
  refundRateLimit,
  takeAttempt,
  throttleKey,
  type Backoff,
} from "@/lib/security/rate-limit";
import { deviceIdFor } from "./device-cookie";
import { burnPasswordCheck, verifyPassword } from "./password";

export type VerifiedUser = { id: string; email: string; name: string | null };

export type SignInAttempt = {
  email: string;
  password: string;
  /** clientIp(): an address only behind TRUST_PROXY, else "local" (unknown). */
  ip: string;
  /** The device cookie's value, if the browser sent one (./device-cookie). */
  device?: string | null;
};

type Keyed = { key: string; backoff: Backoff; onSuccess: "clear" | "refund" };

/**
 * A4: which throttles an attempt counts against.
 * - A known device of this account (its device cookie): its own key only.
 *   Nothing strangers do delays it, and the global ceiling does not apply.
 * - Otherwise, without TRUST_PROXY (no trustworthy address): the account's
 *   strangers share one key, so guesses at one account slow down, and no
 *   failure on one account (a made-up email, say) touches another.
 * - Behind TRUST_PROXY: the account's strangers per address, the account over
 *   every address (with a much larger allowance: only a crowd reaches it), and
 *   the address over every account (spraying).
 */
function throttlesFor(email: string, ip: string, deviceId: string | null): Keyed[] {
  if (deviceId) return [{ key: throttleKey("signin:device", deviceId), backoff: BACKOFFS.device, onSuccess: "clear" }];
  if (ip === "local")
    return [{ key: throttleKey("signin:account", email), backoff: BACKOFFS.account, onSuccess: "clear" }];
  return [
    { key: throttleKey("signin:account-address", `${email}\0${ip}`), backoff: BACKOFFS.account, onSuccess: "clear" },
    { key: throttleKey("signin:account", email), backoff: BACKOFFS.accountAllAddresses, onSuccess: "clear" },
    { key: throttleKey("signin:address", ip), backoff: BACKOFFS.address, onSuccess: "refund" },
  ];
}

/** The global ceiling's key (strangers only, failed attempts only). */
export const STRANGERS_KEY = "signin:strangers";

/**
 * Checks an email and password. Unknown emails cost the same time as wrong
 * passwords and both answer null, so sign-in tells nobody which accounts exist.
 * A4: each attempt waits out the growing delays of its throttles (RateLimitedError
 * while they run, before any password is checked); a success clears the
 * account's and device's failures and takes back its hit on the global ceiling.
 */
export async function verifyCredentials(db: Db, input: SignInAttempt, now = new Date()): Promise<VerifiedUser | null> {
  const email = normalizeEmail(input.email);
  if (!email || !input.password || input.password.length > 200 || email.length > 254) return null;
  const deviceId = deviceIdFor(input.device, email);
  const throttles = throttlesFor(email, input.ip, deviceId);
  await takeAttempt(db, throttles, now);
  if (!deviceId) await hitRateLimit(db, STRANGERS_KEY, LIMITS.signInStrangersGlobal, now);

  const [user] = await db.select().from(users).where(eq(users.email, email));
  const ok = user?.passwordHash
    ? await verifyPassword(input.password, user.passwordHash)
    : await burnPasswordCheck(input.password);
  if (!user || !ok) return null;
  for (const t of throttles) {
    if (t.onSuccess === "clear") await clearBackoff(db, t.key);
    else
      await db
        .update(loginThrottles)
        .set({ failures: sql`greatest(0, ${loginThrottles.failures} - 1)` })
        .where(eq(loginThrottles.key, t.key));
  }
  // The account's strangers start afresh once its owner got in (A4 "successful sign-ins don't count").
  if (deviceId) await clearBackoff(db, throttleKey("signin:account", email));
  else await refundRateLimit(db, STRANGERS_KEY, LIMITS.signInStrangersGlobal, now);
  return { id: user.id, email: user.email, name: user.name };
}
