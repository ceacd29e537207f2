import { and, eq, isNull } from "drizzle-orm";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { Db } from "@/db";
import { loginTokens, users, type Studio } from "@/db/schema";
import { findLiveToken, useLiveToken } from "@/lib/auth/login-tokens";
import { newOneTimeToken } from "@/lib/auth/one-time-token";
import { hashPassword } from "@/lib/auth/password";
import { passwordPolicyError } from "@/lib/auth/password-policy";
import { endSessionsOf } from "@/lib/auth/sessions";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { InvalidInputError, RuleError } from "@/lib/core/errors";
import { normalizeEmail } from "@/lib/core/validation";
import { enqueueMail, NOT_KEPT } from "@/lib/jobs";
import { hitRateLimit, LIMITS } from "@/lib/security/rate-limit";
import { mailStudioFor } from "./mail-studio";

/** A2: a reset link is good for 30 minutes. */
export const RESET_TTL_MS = 30 * 60_000;

/**
 * A2: every "forgot password" answer takes at least this long, whether a mail
 * was made or not, so the time tells nobody whether the account exists.
 */
export const RESET_ANSWER_FLOOR_MS = 700;

/** What every "forgot password" request is told, whatever the address. */
export const RESET_REQUESTED_MESSAGE =
  "If an account uses that email, we have sent it a link to choose a new password. The link works once, for 30 minutes.";

export const ResetRequestInput = z.object({ email: z.string().max(320) });

/** The page a reset link opens (it asks for the new password; opening it consumes nothing), with the portal to sign in to after. */
export function resetLink(origin: string, token: string, studioSlug?: string | null): string {
  const query = new URLSearchParams({ token, ...(studioSlug ? { studio: studioSlug } : {}) });
  return `${origin}/reset-password?${query}`;
}

/**
 * A2 "forgot password" (staff, portal and embed). Answers nothing: the caller
 * shows RESET_REQUESTED_MESSAGE whatever happened. For a real login, a random
 * token (only its SHA-256 stored, single use, 30 minutes) is mailed to the
 * login's own address, in the name of `studio` (where it was asked) or one the
 * person belongs to. At most LIMITS.passwordResetPerEmail mails per address an
 * hour (silently: the answer is the same); per address of the visitor,
 * LIMITS.passwordResetPerIp requests (RateLimitedError, which tells nothing
 * about any account). Every answer takes RESET_ANSWER_FLOOR_MS at least.
 */
export async function requestPasswordReset(
  db: Db,
  input: { email: string; ip: string; origin: string | null; studio?: Studio | null },
  now = new Date(),
): Promise<void> {
  const started = performance.now();
  try {
    await hitRateLimit(db, `reset:ip:${input.ip}`, LIMITS.passwordResetPerIp, now);
    const email = normalizeEmail(ResetRequestInput.parse({ email: input.email }).email);
    if (!email) return;
    const [user] = await db
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(eq(users.email, email));
    if (!user) return;
    try {
      await hitRateLimit(db, `reset:user:${user.id}`, LIMITS.passwordResetPerEmail, now);
    } catch {
      return; // enough links are on their way; the answer stays the same
    }
    const studio = await mailStudioFor(db, user.id, input.studio);
    if (!studio || !input.origin) return;
    const ctx: Ctx = { db, studio, actor: { kind: "system", reason: "password reset" }, now };
    await mailResetLink(ctx, { user, origin: input.origin, portal: Boolean(input.studio) });
  } finally {
    const left = RESET_ANSWER_FLOOR_MS - (performance.now() - started);
    if (left > 0) await sleep(left);
  }
}

/** Makes a reset token for a login and mails its link to the login's own address, in ctx's transaction. */
export async function mailResetLink(
  ctx: Ctx,
  input: {
    user: { id: string; email: string; name: string | null };
    origin: string;
    askedBy?: "self" | "studio";
    portal?: boolean;
  },
): Promise<void> {
  const { token, hash } = newOneTimeToken();
  await inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(loginTokens)
      .values({
        userId: input.user.id,
        purpose: "reset_password",
        tokenHash: hash,
        email: input.user.email,
        expiresAt: new Date(ctx.now.getTime() + RESET_TTL_MS),
        createdAt: ctx.now,
      })
      .returning({ id: loginTokens.id });
    const who =
      input.askedBy === "studio"
        ? `${ctx.studio.name} sent you this link`
        : "Someone (we hope you) asked to reset your password";
    const text = (link: string) =>
      [
        `Hello${input.user.name ? ` ${input.user.name}` : ""},`,
        "",
        `${who}. Open this link to choose a new password:`,
        "",
        link,
        "",
        "The link works once, for 30 minutes. Opening it does not sign you in.",
        "If you did not ask for this, ignore this mail: your password stays as it is.",
      ].join("\n");
    await enqueueMail(
      tx,
      {
        kind: "password_reset",
        to: input.user.email,
        subject: `Choose a new password for ${ctx.studio.name}`,
        text: text(resetLink(input.origin, token, input.portal || input.askedBy === "studio" ? ctx.studio.slug : null)),
        recordedText: text(NOT_KEPT),
      },
      { key: `reset:${row!.id}` },
    );
  });
}

/** A2: whether a reset link still works (for the page it opens: reading it consumes nothing). */
export async function checkResetToken(db: Db, token: string, now = new Date()): Promise<{ email: string } | null> {
  const row = await findLiveToken(db, "reset_password", token, now);
  return row ? { email: row.email } : null;
}

export const RESET_LINK_INVALID = "This link has expired or was already used. Ask for a new one.";

/**
 * A2: sets a new password with a reset token. The password must meet the
 * policy (lib/auth/password-policy.ts) before the token is touched, so a
 * refused password leaves the link usable. In one transaction: the token and
 * every other reset link of the login are used up, the password is set, every
 * session of the login ends (A3), and "your password was changed" is mailed.
 * Nobody is signed in: the person signs in with the new password.
 */
export async function resetPassword(
  db: Db,
  input: { token: string; password: string },
  now = new Date(),
): Promise<{ email: string }> {
  const found = await findLiveToken(db, "reset_password", input.token, now);
  if (!found) throw new RuleError("invalid_token", RESET_LINK_INVALID);
  const refused = passwordPolicyError(input.password, found.email);
  if (refused) throw new InvalidInputError(refused, { password: [refused] });
  const passwordHash = await hashPassword(input.password);
  const studio = await mailStudioFor(db, found.userId);
  return db.transaction(async (txDb) => {
    const tx = txDb as unknown as Db;
    // Single use, also when two submissions race: only one update finds the token unused.
    const used = await useLiveToken(tx, "reset_password", input.token, now);
    if (!used) throw new RuleError("invalid_token", RESET_LINK_INVALID);
    await tx
      .update(loginTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(loginTokens.userId, found.userId),
          eq(loginTokens.purpose, "reset_password"),
          isNull(loginTokens.usedAt),
        ),
      );
    const [user] = await tx.update(users).set({ passwordHash }).where(eq(users.id, found.userId)).returning();
    await endSessionsOf(tx, found.userId);
    if (studio)
      await mailPasswordChanged({ db: tx, studio, actor: { kind: "system", reason: "password reset" }, now }, user!);
    return { email: user!.email };
  });
}

/** A2: "your password was changed", to the login's address (reset or change alike). */
export async function mailPasswordChanged(
  ctx: Ctx,
  user: { id: string; email: string; name: string | null },
): Promise<void> {
  await enqueueMail(
    ctx,
    {
      kind: "password_changed",
      to: user.email,
      subject: "Your password was changed",
      text: [
        `Hello${user.name ? ` ${user.name}` : ""},`,
        "",
        `The password of your account (${user.email}) was changed on ${ctx.now.toUTCString()}, and every other session was signed out.`,
        "",
        'If this was not you, use "Forgot password?" on the sign-in page now to choose a new one, and tell the studio.',
      ].join("\n"),
    },
    { key: `password-changed:${user.id}:${ctx.now.getTime()}` },
  );
}
