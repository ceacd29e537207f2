import { randomBytes } from "node:crypto";
import { and, eq, gt, ne } from "drizzle-orm";
import type { Db } from "@/db";
import { sessions } from "@/db/schema";
import { hashOneTimeToken } from "./one-time-token";

/**
 * A3: how long a dashboard or portal sign-in lasts (was 30 days). Absolute
 * from sign-in: the server-side row expires then whatever the cookie says.
 */
export const SESSION_SECONDS = 14 * 24 * 3600;

/**
 * A3: a new server-side session for a login; the returned id travels in the
 * signed cookie (the Auth.js JWT, or the embed cookie), only its hash is stored.
 */
export async function startSession(db: Db, userId: string, now: Date, seconds = SESSION_SECONDS): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  await db.insert(sessions).values({
    sessionToken: hashOneTimeToken(id),
    userId,
    expires: new Date(now.getTime() + seconds * 1000),
    createdAt: now,
  });
  return id;
}

/**
 * A3: whether the session `id` of `userId` is still open: not signed out,
 * not ended by "sign out everywhere" or a password change, not expired.
 * One primary-key lookup per request (bench/session-check.ts measures it).
 */
export async function isSessionLive(
  db: Db,
  userId: string,
  id: string | null | undefined,
  now: Date,
): Promise<boolean> {
  if (!id || typeof id !== "string" || id.length > 100) return false;
  const [row] = await db
    .select({ userId: sessions.userId })
    .from(sessions)
    .where(and(eq(sessions.sessionToken, hashOneTimeToken(id)), gt(sessions.expires, now)));
  return row?.userId === userId;
}

/** A3: sign-out ends this one session on the server. */
export async function endSession(db: Db, id: string | null | undefined): Promise<void> {
  if (!id || typeof id !== "string") return;
  await db.delete(sessions).where(eq(sessions.sessionToken, hashOneTimeToken(id)));
}

/**
 * A3: ends every session of a login ("sign out everywhere", a reset password),
 * or every one but `except` (the session that just changed the password).
 * Also drops the login's expired rows.
 */
export async function endSessionsOf(db: Db, userId: string, opts: { except?: string | null } = {}): Promise<number> {
  const keep = opts.except ? ne(sessions.sessionToken, hashOneTimeToken(opts.except)) : undefined;
  const gone = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keep))
    .returning({ t: sessions.sessionToken });
  return gone.length;
}
