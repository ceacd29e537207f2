import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import { normalizeEmail } from "@/lib/core/validation";
import { hitRateLimit, LIMITS, resetRateLimit } from "@/lib/security/rate-limit";
import { burnPasswordCheck, verifyPassword } from "./password";

export type VerifiedUser = { id: string; email: string; name: string | null };

/**
 * Checks an email and password. Unknown emails cost the same time as wrong
 * passwords and both answer null, so sign-in tells nobody which accounts exist.
 * Attempts are counted per email and per client address (RateLimitedError past the limit).
 */
export async function verifyCredentials(
  db: Db,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<VerifiedUser | null> {
  const email = normalizeEmail(input.email);
  if (!email || !input.password || input.password.length > 200 || email.length > 254) return null;
  await hitRateLimit(db, `signin:ip:${input.ip}`, LIMITS.signInPerIp, now);
  await hitRateLimit(db, `signin:email:${email}`, LIMITS.signInPerEmail, now);

  const [user] = await db.select().from(users).where(eq(users.email, email));
  const ok = user?.passwordHash ? await verifyPassword(input.password, user.passwordHash) : await burnPasswordCheck(input.password);
  if (!user || !ok) return null;
  await resetRateLimit(db, `signin:email:${email}`);
  return { id: user.id, email: user.email, name: user.name };
}
