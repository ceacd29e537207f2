import { sql } from "drizzle-orm";
import { at } from "@/lib/core/sql";
import type { Db } from "@/db";
import { rateLimits } from "@/db/schema";
import { RateLimitedError } from "@/lib/core/errors";

export type Limit = { max: number; windowSeconds: number };

/** The limits of each door (issue 9 "Abuse"). */
export const LIMITS = {
  signInPerEmail: { max: 10, windowSeconds: 15 * 60 },
  signInPerIp: { max: 50, windowSeconds: 15 * 60 },
  signUpPerIp: { max: 20, windowSeconds: 60 * 60 },
  apiPerKey: { max: 600, windowSeconds: 60 },
  guestBookingPerIp: { max: 20, windowSeconds: 60 * 60 },
} satisfies Record<string, Limit>;

/**
 * Counts one hit against `key` in a fixed window, in the database so that every
 * app process shares the count, and throws RateLimitedError past the limit.
 * One statement: the increment and the read cannot race.
 */
export async function hitRateLimit(db: Db, key: string, limit: Limit, now = new Date()): Promise<void> {
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    })
    .returning({ count: rateLimits.count });
  if ((row?.count ?? 0) > limit.max) {
    const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
    throw new RateLimitedError(retryAfter);
  }
}

/** Clears a key's current windows (after a successful sign-in, say). */
export async function resetRateLimit(db: Db, key: string): Promise<void> {
  await db.delete(rateLimits).where(sql`${rateLimits.key} = ${key}`);
}

/** Drops windows that ended long ago; run from the app's timer. */
export async function pruneRateLimits(db: Db, now = new Date()): Promise<void> {
  await db.delete(rateLimits).where(sql`${rateLimits.windowStart} < ${at(new Date(now.getTime() - 24 * 3600 * 1000))}`);
}
