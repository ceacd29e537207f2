import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rateLimits } from "@/db/schema";
import { RateLimitedError } from "@/lib/core/errors";
import { hitRateLimit, type Limit } from "./rate-limit";

// Issue 20: a busy API key's hits are written in batches while far from its limit, one by one near it.

const T = new Date("2026-05-01T12:00:10Z");
const WINDOW = new Date("2026-05-01T12:00:00Z");
const LIMIT: Limit = { max: 100, windowSeconds: 60, batch: 10 };

async function stored(key: string): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, WINDOW)));
  return row?.count ?? 0;
}

describe("hitRateLimit with a batch", () => {
  it("issue 9: far from the limit hits are written ten at a time; the limit stays exact, other processes' hits included", async () => {
    const db = await getDb();
    const key = `test:${randomBytes(6).toString("hex")}`;
    // The window's first hit is written (it reads the shared count), the next nine wait in memory.
    for (let i = 0; i < 10; i++) await hitRateLimit(db, key, LIMIT, T);
    expect(await stored(key)).toBe(1);
    await hitRateLimit(db, key, LIMIT, T);
    expect(await stored(key)).toBe(11);
    // Other processes used 80 more meanwhile: this one learns it at its next write and stops at the limit.
    await db
      .update(rateLimits)
      .set({ count: sql`${rateLimits.count} + 80` })
      .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, WINDOW)));
    let accepted = 0;
    let refused: unknown = null;
    for (let i = 0; i < 20 && !refused; i++) {
      try {
        await hitRateLimit(db, key, LIMIT, T);
        accepted++;
      } catch (e) {
        refused = e;
      }
    }
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(11 + 80 + accepted).toBe(LIMIT.max);
    expect(await stored(key)).toBe(LIMIT.max + 1);
    // Without a batch every hit is written.
    const exact = `test:${randomBytes(6).toString("hex")}`;
    for (let i = 0; i < 3; i++) await hitRateLimit(db, exact, { max: 100, windowSeconds: 60 }, T);
    expect(await stored(exact)).toBe(3);
  });

  it("issue 9: near the limit each hit is written, so the last ones pass and the next is refused", async () => {
    const db = await getDb();
    const key = `test:${randomBytes(6).toString("hex")}`;
    await db.insert(rateLimits).values({ key, windowStart: WINDOW, count: 95 });
    for (let i = 0; i < 5; i++) await hitRateLimit(db, key, LIMIT, T);
    expect(await stored(key)).toBe(100);
    await expect(hitRateLimit(db, key, LIMIT, T)).rejects.toBeInstanceOf(RateLimitedError);
  });
});
