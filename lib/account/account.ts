import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { requirePermission } from "@/lib/core/permissions";
import type { Db } from "@/db";
import { clients, loginTokens, users } from "@/db/schema";
import { findLiveToken, useLiveToken } from "@/lib/auth/login-tokens";
import { newOneTimeToken } from "@/lib/auth/one-time-token";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { passwordPolicyError } from "@/lib/auth/password-policy";
import { endSessionsOf } from "@/lib/auth/sessions";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { InvalidInputError, NotFoundError, RuleError, UnauthenticatedError } from "@/lib/core/errors";
import { Email, normalizeEmail, parseInput } from "@/lib/core/validation";
import { enqueueMail, NOT_KEPT } from "@/lib/jobs";
import { BACKOFFS, clearBackoff, takeAttempt, throttleKey } from "@/lib/security/rate-limit";
import { mailStudioFor } from "./mail-studio";
import { mailPasswordChanged, mailResetLink } from "./password-reset";

/** A change-of-email link is good for this long. */
export const CHANGE_EMAIL_TTL_MS = 60 * 60_000;

/** The login acting: a signed-in staff member or member (never an API key, the system or a token-injected embed visitor). */
function loginOf(ctx: Ctx): string {
  const a = ctx.actor;
  if ((a.kind === "staff" || a.kind === "member") && a.userId) return a.userId;
  throw new UnauthenticatedError("Sign in with your own account to change it.");
}

const WRONG_PASSWORD = "That is not your current password.";

/**
 * The current password, checked before any change to the account; guesses
 * meet the same growing delays as sign-in (A4), per login.
 */
async function checkCurrentPassword(ctx: Ctx, userId: string, password: string) {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new UnauthenticatedError();
  const key = throttleKey("account:current-password", userId);
  await takeAttempt(ctx.db, [{ key, backoff: BACKOFFS.device }], ctx.now);
  if (!user.passwordHash || password.length > 200 || !(await verifyPassword(password, user.passwordHash))) {
    throw new InvalidInputError(WRONG_PASSWORD, { currentPassword: [WRONG_PASSWORD] });
  }
  await clearBackoff(ctx.db, key);
  return user;
}

export const ChangePasswordInput = z.object({
  currentPassword: z
    .string({ error: "Enter your current password." })
    .min(1, { error: "Enter your current password." }),
  newPassword: z.string({ error: "Enter a new password." }),
});
export type ChangePasswordInput = z.input<typeof ChangePasswordInput>;

/**
 * A2/A3: a signed-in login changes its password: the current one first, the
 * new one meets the policy; every other session ends (`keepSessionId` is the
 * one making the change) and "your password was changed" is mailed.
 */
export async function changePassword(
  ctx: Ctx,
  raw: ChangePasswordInput,
  opts: { keepSessionId: string | null },
): Promise<void> {
  const userId = loginOf(ctx);
  const input = parseInput(ChangePasswordInput, raw);
  const user = await checkCurrentPassword(ctx, userId, input.currentPassword);
  const refused = passwordPolicyError(input.newPassword, user.email);
  if (refused) throw new InvalidInputError(refused, { newPassword: [refused] });
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(ctx, async (tx) => {
    await tx.db.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await endSessionsOf(tx.db, userId, { except: opts.keepSessionId });
    await audit(tx, { action: "login.password_changed", table: "users", rowId: userId });
    await mailPasswordChanged(tx, user);
  });
}

/** A3 "sign out everywhere": every session of the signed-in login ends, this one included. */
export async function signOutEverywhere(ctx: Ctx): Promise<number> {
  const userId = loginOf(ctx);
  return endSessionsOf(ctx.db, userId);
}

export const ChangeEmailInput = z.object({
  currentPassword: z
    .string({ error: "Enter your current password." })
    .min(1, { error: "Enter your current password." }),
  newEmail: Email,
});
export type ChangeEmailInput = z.input<typeof ChangeEmailInput>;

export const CHANGE_EMAIL_SENT =
  "We have sent a link to the new address. Your email changes when you open it (within an hour).";

/** The page a change-of-email link opens (it asks for a click; opening it changes nothing). */
export function confirmEmailLink(origin: string, token: string): string {
  return `${origin}/confirm-email?token=${encodeURIComponent(token)}`;
}

/**
 * A change of a login's email, verified again (A1): with the current
 * password, a one-time link (hashed, single use, an hour) is mailed to the new
 * address; the email changes only when it is followed (confirmEmailChange).
 * An address that already has a login gets no mail and the same answer, so
 * nobody learns from it which addresses have logins.
 */
export async function requestEmailChange(ctx: Ctx, raw: ChangeEmailInput, opts: { origin: string }): Promise<void> {
  const userId = loginOf(ctx);
  const input = parseInput(ChangeEmailInput, raw);
  const user = await checkCurrentPassword(ctx, userId, input.currentPassword);
  const newEmail = normalizeEmail(input.newEmail);
  if (newEmail === user.email)
    throw new InvalidInputError("That is already your email.", { newEmail: ["That is already your email."] });
  const [taken] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, newEmail));
  if (taken) return;
  const { token, hash } = newOneTimeToken();
  await inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(loginTokens)
      .values({
        userId,
        purpose: "change_email",
        tokenHash: hash,
        email: newEmail,
        expiresAt: new Date(ctx.now.getTime() + CHANGE_EMAIL_TTL_MS),
        createdAt: ctx.now,
      })
      .returning({ id: loginTokens.id });
    await enqueueMail(
      tx,
      {
        kind: "email_change",
        to: newEmail,
        subject: "Confirm your new email address",
        text: emailChangeText(user, confirmEmailLink(opts.origin, token)),
        recordedText: emailChangeText(user, NOT_KEPT),
      },
      { key: `change-email:${row!.id}` },
    );
  });
}

function emailChangeText(user: { email: string; name: string | null }, link: string): string {
  return [
    `Hello${user.name ? ` ${user.name}` : ""},`,
    "",
    `To use this address for your account (now ${user.email}), open this link within an hour:`,
    "",
    link,
    "",
    "If you did not ask for this, ignore this mail.",
  ].join("\n");
}

export const EMAIL_LINK_INVALID = "This link has expired or was already used.";

/** Whether a change-of-email link still works, without using it (for the page it opens). */
export async function checkEmailChangeToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<{ email: string } | null> {
  const row = await findLiveToken(db, "change_email", token, now);
  return row && { email: row.email };
}

/**
 * Follows a change-of-email link: the login's email becomes the (verified)
 * new address, once; the old address is told. Sessions stay: the password did
 * not change. An address taken meanwhile refuses (`email_taken`).
 */
export async function confirmEmailChange(db: Db, token: string, now = new Date()): Promise<{ email: string }> {
  return db.transaction(async (txDb) => {
    const tx = txDb as unknown as Db;
    const row = await useLiveToken(tx, "change_email", token, now);
    if (!row) throw new RuleError("invalid_token", EMAIL_LINK_INVALID);
    const [before] = await tx.select().from(users).where(eq(users.id, row.userId)).for("update");
    if (!before) throw new RuleError("invalid_token", EMAIL_LINK_INVALID);
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, row.email));
    if (taken) throw new RuleError("email_taken", "That address has its own account now.");
    await tx.update(users).set({ email: row.email, emailVerified: now }).where(eq(users.id, row.userId));
    const studio = await mailStudioFor(tx, row.userId);
    if (studio) {
      await enqueueMail(
        { db: tx, studio, actor: { kind: "system", reason: "email change" }, now },
        {
          kind: "email_changed",
          to: before.email,
          subject: "Your account's email was changed",
          text: `The account that used ${before.email} now signs in with ${row.email}. If this was not you, contact the studio.`,
        },
        { key: `email-changed:${row.id}` },
      );
    }
    return { email: row.email };
  });
}

export const SendResetLinkInput = z.object({ clientId: z.string({ error: "Say which client." }).max(100) });

/**
 * A2: staff send a member a reset link. It goes to the member's LOGIN address
 * (never the client record's email, which staff can edit), and staff never
 * set or see a password. A client without a login is refused (`no_login`).
 */
export async function sendClientPasswordReset(
  ctx: Ctx,
  raw: z.input<typeof SendResetLinkInput>,
  opts: { origin: string },
): Promise<void> {
  requirePermission(ctx, "clients.write");
  const input = parseInput(SendResetLinkInput, raw);
  const [row] = await ctx.db
    .select({ clientId: clients.id, user: { id: users.id, email: users.email, name: users.name } })
    .from(clients)
    .leftJoin(users, eq(users.id, clients.userId))
    .where(
      and(
        eq(clients.studioId, ctx.studio.id),
        eq(clients.id, z.uuid().safeParse(input.clientId).data ?? "00000000-0000-0000-0000-000000000000"),
        isNull(clients.erasedAt),
      ),
    );
  if (!row) throw new NotFoundError("Client");
  if (!row.user?.id) throw new RuleError("no_login", "This client has no portal login yet.");
  const user = row.user as { id: string; email: string; name: string | null };
  await inTransaction(ctx, async (tx) => {
    await mailResetLink(tx, { user, origin: opts.origin, askedBy: "studio" });
    await audit(tx, { action: "client.password_reset_sent", table: "clients", rowId: row.clientId });
  });
}

/** The signed-in login's own email (for its account page). */
export async function getAccountEmail(ctx: Ctx): Promise<string> {
  const [user] = await ctx.db
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, loginOf(ctx)));
  return user?.email ?? "";
}
