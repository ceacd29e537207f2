import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { loginTokens, type loginTokenPurpose } from "@/db/schema";
import { hashOneTimeToken } from "./one-time-token";

export type LoginTokenPurpose = (typeof loginTokenPurpose.enumValues)[number];
export type LoginToken = typeof loginTokens.$inferSelect;

/** A link's token as it can be looked up: a live row has this purpose, is unused and unexpired. */
function live(purpose: LoginTokenPurpose, token: string, now: Date) {
  return and(
    eq(loginTokens.tokenHash, hashOneTimeToken(token)),
    eq(loginTokens.purpose, purpose),
    isNull(loginTokens.usedAt),
    gt(loginTokens.expiresAt, now),
  );
}

function plausible(token: string): boolean {
  return Boolean(token) && token.length <= 200;
}

/**
 * The row of a live one-time link (A1 verification, A2 reset, change of
 * email), without using it: for the page a link opens (a GET never consumes).
 */
export async function findLiveToken(
  db: Db,
  purpose: LoginTokenPurpose,
  token: string,
  now: Date,
): Promise<LoginToken | null> {
  if (!plausible(token)) return null;
  const [row] = await db
    .select()
    .from(loginTokens)
    .where(live(purpose, token, now));
  return row ?? null;
}

/**
 * Uses a live one-time link up, once, also when two submissions race: only
 * one guarded UPDATE finds it unused. Null when it was not live. Call it in
 * the transaction that does what the link is for, so a refusal after it
 * leaves the link usable.
 */
export async function useLiveToken(
  tx: Db,
  purpose: LoginTokenPurpose,
  token: string,
  now: Date,
): Promise<LoginToken | null> {
  if (!plausible(token)) return null;
  const [row] = await tx
    .update(loginTokens)
    .set({ usedAt: now })
    .where(live(purpose, token, now))
    .returning();
  return row ?? null;
}
