import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { at } from "@/lib/core/sql";
import type { Db } from "@/db";
import { loginThrottles, rateLimits, sessions } from "@/db/schema";
import { RateLimitedError } from "@/lib/core/errors";

/**
 * `batch`: hits one process may count in memory before writing them (one
 * statement for the lot), while the window is far from its limit. Near the
 * limit (fewer than `batch` left by the last shared count) every hit is written
 * and read back, so the limit itself is exact; only a busy key far from it
 * skips the write. Unset: every hit is written (the abuse doors).
 */
export type Limit = { max: number; windowSeconds: number; batch?: number };

/** The limits of each door (issue 9 "Abuse"; A4 for sign-in and unknown API keys). */
export const LIMITS = {
  /**
   * A4: failed sign-ins of visitors who are not a known device, across every
   * account, per minute. A backstop for credential stuffing, set above what one
   * visitor can reach (each attempt costs a full scrypt: this 2-core server
   * checks about 1,100 a minute with every core busy), and never applied to a
   * known device, so the owner of an account always gets in.
   */
  signInStrangersGlobal: { max: 2000, windowSeconds: 60 },
  signUpPerIp: { max: 20, windowSeconds: 60 * 60 },
  /** Counted in batches of 20 per process far from the limit (issue 20: no row write per API request). */
  apiPerKey: { max: 600, windowSeconds: 60, batch: 20 },
  /** A4: requests with an unknown or revoked API key, per address (all visitors share one address without TRUST_PROXY; known keys never count). */
  apiUnknownKeyPerIp: { max: 30, windowSeconds: 60 },
  guestBookingPerIp: { max: 20, windowSeconds: 60 * 60 },
  /** A2: "forgot password" requests per address (mails are sent only to real logins, at most one per login per window too). */
  passwordResetPerIp: { max: 20, windowSeconds: 60 * 60 },
  passwordResetPerEmail: { max: 3, windowSeconds: 60 * 60 },
} satisfies Record<string, Limit>;

/** A growing-delay throttle: `free` failures cost nothing, then each further attempt waits 1 s, 2 s, 4 s… up to `maxDelaySeconds`. */
export type Backoff = { free: number; maxDelaySeconds: number };

/** A4: the sign-in throttles (lib/auth/verify-credentials.ts says which key each attempt counts against). */
export const BACKOFFS = {
  /** The strangers of one account (every attempt that is not from a device known to it; per address as well behind TRUST_PROXY). */
  account: { free: 5, maxDelaySeconds: 15 * 60 },
  /** Behind TRUST_PROXY, all strangers of one account whatever their address: only a crowd of addresses gets here. */
  accountAllAddresses: { free: 50, maxDelaySeconds: 15 * 60 },
  /** Behind TRUST_PROXY, one address across every account (spraying one password over many). */
  address: { free: 30, maxDelaySeconds: 15 * 60 },
  /** A browser that signed in to the account before (device cookie): its own failures only. */
  device: { free: 10, maxDelaySeconds: 5 * 60 },
} satisfies Record<string, Backoff>;

/** A key forgets its failures after this long without one. */
const BACKOFF_MEMORY_MS = 24 * 3600 * 1000;

/** Throttle keys never hold an email in clear text (erasure need not find them, and must not touch them: A4). */
export function throttleKey(kind: string, value: string): string {
  return `${kind}:${createHash("sha256").update(value, "utf8").digest("base64url").slice(0, 32)}`;
}

/** The delay before the attempt after `failures` failures. */
export function backoffDelaySeconds(failures: number, b: Backoff): number {
  if (failures < b.free) return 0;
  return Math.min(b.maxDelaySeconds, 2 ** Math.min(30, failures - b.free));
}

/**
 * A4: takes one attempt on each key, or throws RateLimitedError (with the
 * longest wait) when any key is still waiting out its delay. An attempt is
 * counted as a failure up front, in one statement per key, so attempts racing
 * each other cannot all pass the check before the first failure lands; a
 * success then calls `clearBackoff`, so successes never count.
 */
export async function takeAttempt(db: Db, keys: { key: string; backoff: Backoff }[], now = new Date()): Promise<void> {
  // First see whether any key is waiting, so a refused attempt moves none of them.
  let waitMs = 0;
  for (const { key } of keys) {
    const [row] = await db
      .select({ blockedUntil: loginThrottles.blockedUntil })
      .from(loginThrottles)
      .where(eq(loginThrottles.key, key));
    if (row?.blockedUntil && row.blockedUntil > now)
      waitMs = Math.max(waitMs, row.blockedUntil.getTime() - now.getTime());
  }
  if (waitMs > 0) throw new RateLimitedError(Math.ceil(waitMs / 1000));
  for (const { key, backoff } of keys) {
    const forgetBefore = new Date(now.getTime() - BACKOFF_MEMORY_MS);
    const failures = sql`(case when ${loginThrottles.updatedAt} < ${at(forgetBefore)} then 1 else ${loginThrottles.failures} + 1 end)`;
    const delay = sql`least(${backoff.maxDelaySeconds}, power(2, least(30, greatest(0, ${failures} - ${backoff.free}))))`;
    const [row] = await db
      .insert(loginThrottles)
      .values({
        key,
        failures: 1,
        blockedUntil: backoff.free <= 1 ? new Date(now.getTime() + 1000) : null,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: loginThrottles.key,
        set: {
          failures,
          blockedUntil: sql`case when ${failures} >= ${backoff.free} then ${at(now)} + ${delay} * interval '1 second' else null end`,
          updatedAt: now,
        },
        // A racing attempt that finds the key waiting takes nothing.
        setWhere: sql`${loginThrottles.blockedUntil} is null or ${loginThrottles.blockedUntil} <= ${at(now)}`,
      })
      .returning({ blockedUntil: loginThrottles.blockedUntil });
    if (!row) {
      const [current] = await db
        .select({ blockedUntil: loginThrottles.blockedUntil })
        .from(loginThrottles)
        .where(eq(loginThrottles.key, key));
      throw new RateLimitedError(
        Math.max(1, Math.ceil(((current?.blockedUntil?.getTime() ?? now.getTime()) - now.getTime()) / 1000)),
      );
    }
  }
}

/** A4: a success forgets the key's failures (a successful sign-in does not count). */
export async function clearBackoff(db: Db, key: string): Promise<void> {
  await db.delete(loginThrottles).where(eq(loginThrottles.key, key));
}

/** A process's view of one key's current window: the last count read from the database and the hits not yet written. */
type LocalWindow = { windowStart: number; shared: number; pending: number };
/** Per database (tests open many in one process), per key: the current window only. */
const localWindows = new WeakMap<Db, Map<string, LocalWindow>>();

function localWindow(db: Db, key: string, windowStart: Date): LocalWindow {
  let byKey = localWindows.get(db);
  if (!byKey) localWindows.set(db, (byKey = new Map()));
  let w = byKey.get(key);
  if (!w || w.windowStart !== windowStart.getTime()) {
    // A new window: forget the windows that have ended (a key idle for a window costs nothing).
    if (byKey.size > 10_000) for (const [k, v] of byKey) if (v.windowStart < windowStart.getTime()) byKey.delete(k);
    w = { windowStart: windowStart.getTime(), shared: 0, pending: 0 };
    byKey.set(key, w);
  }
  return w;
}

/**
 * Counts one hit against `key` in a fixed window, in the database so that every
 * app process shares the count, and throws RateLimitedError past the limit.
 * One statement: the increment and the read cannot race. With `limit.batch`,
 * a process writes a key's hits `batch` at a time while the last count it read
 * leaves more than `batch` to spare, and each hit once it does not; the first
 * hit of a window is always written (it reads the shared count). So the count
 * in the database trails by less than `batch` hits per process, and the limit
 * can be overshot only by hits other processes have not written yet.
 */
export async function hitRateLimit(db: Db, key: string, limit: Limit, now = new Date()): Promise<void> {
  const windowStart = windowOf(limit, now);
  const batch = limit.batch ?? 1;
  let hits = 1;
  if (batch > 1) {
    const w = localWindow(db, key, windowStart);
    w.pending++;
    const synced = w.shared > 0;
    if (synced && w.pending < batch && w.shared + w.pending + batch <= limit.max) return;
    hits = w.pending;
    w.pending = 0;
  }
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart, count: hits })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + ${hits}` },
    })
    .returning({ count: rateLimits.count });
  if (batch > 1) localWindow(db, key, windowStart).shared = row?.count ?? 0;
  if ((row?.count ?? 0) > limit.max) {
    const retryAfter = Math.max(
      1,
      Math.ceil((windowStart.getTime() + limit.windowSeconds * 1000 - now.getTime()) / 1000),
    );
    throw new RateLimitedError(retryAfter);
  }
}

/** Takes back one hit of the window `now` falls in (an attempt that turned out not to count, such as a successful sign-in). */
export async function refundRateLimit(db: Db, key: string, limit: Limit, now = new Date()): Promise<void> {
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(0, ${rateLimits.count} - 1)` })
    .where(sql`${rateLimits.key} = ${key} and ${rateLimits.windowStart} = ${at(windowOf(limit, now))}`);
}

function windowOf(limit: Limit, now: Date): Date {
  const windowMs = limit.windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

/** Clears a key's current windows. */
export async function resetRateLimit(db: Db, key: string): Promise<void> {
  localWindows.get(db)?.delete(key);
  await db.delete(rateLimits).where(sql`${rateLimits.key} = ${key}`);
}

/** Drops windows that ended long ago, throttles idle for more than a day and expired sessions (A3); run from the app's timer. */
export async function pruneRateLimits(db: Db, now = new Date()): Promise<void> {
  const dayAgo = at(new Date(now.getTime() - 24 * 3600 * 1000));
  await db.delete(rateLimits).where(sql`${rateLimits.windowStart} < ${dayAgo}`);
  await db
    .delete(loginThrottles)
    .where(
      sql`${loginThrottles.updatedAt} < ${dayAgo} and (${loginThrottles.blockedUntil} is null or ${loginThrottles.blockedUntil} < ${at(now)})`,
    );
  await db.delete(sessions).where(sql`${sessions.expires} < ${at(now)}`);
}
