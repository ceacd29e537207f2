import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { loginTokens, studios, users, type Studio, type User } from "@/db/schema";
import { findLiveToken, useLiveToken } from "@/lib/auth/login-tokens";
import { newOneTimeToken } from "@/lib/auth/one-time-token";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { createStudioOwnedBy } from "@/lib/studios/create-studio";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { InvalidInputError, RuleError } from "@/lib/core/errors";
import { enqueueMail, enqueueTemplateMail } from "@/lib/jobs";

/** A1: a verification link is good for this long (at most 24 h). */
export const VERIFY_TTL_MS = 24 * 3600_000;

/** A sign-in by a login that is still unverified mails a new link at most this often. */
const SIGN_IN_RESEND_GAP_MS = 10 * 60_000;

/**
 * What following a verification link completes, stored with the token
 * (`login_tokens.data`): a sign-up at a studio's portal or embed (with the
 * plan the visitor chose in the embed), a one-click join, or nothing but the
 * verification itself (a sign-in by an unverified login).
 */
export const VerifyIntent = z.discriminatedUnion("kind", [
  z.object({
    kind: z.enum(["register", "join"]),
    studioId: z.uuid(),
    source: z.enum(["portal", "embed"]),
    name: z.string().max(200).optional(),
    marketingConsent: z.boolean().optional(),
    planId: z.uuid().optional(),
  }),
  z.object({ kind: z.literal("verify") }),
  // A studio asked for at /signup with the email of an existing login: made when that login follows the link.
  z.object({
    kind: z.literal("create_studio"),
    name: z.string().max(200),
    timezone: z.string().max(100),
    currency: z.string().max(3),
  }),
]);
export type VerifyIntent = z.infer<typeof VerifyIntent>;

/** Whether the login has proved its email (A1). */
export function isVerified(user: Pick<User, "emailVerified">): boolean {
  return user.emailVerified !== null;
}

/** The link a mail carries: the page that asks for the password before anything is consumed (a GET never consumes). */
export function verifyLink(origin: string, token: string): string {
  return `${origin}/verify?token=${encodeURIComponent(token)}`;
}

/**
 * A1: makes a one-time verification link for a login (random, only its
 * SHA-256 stored, single use, 24 h) and mails it to the login's email, in the
 * caller's transaction (enqueueMail). `intent` is what following it completes.
 * The mail is sent in the name of `ctx.studio`, where the person asked.
 */
export async function mailVerificationLink(
  ctx: Ctx,
  input: { user: Pick<User, "id" | "email" | "name">; intent: VerifyIntent; origin: string; note?: string },
): Promise<void> {
  const intent = VerifyIntent.parse(input.intent);
  const { token, hash } = newOneTimeToken();
  await inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(loginTokens)
      .values({
        userId: input.user.id,
        purpose: "verify_email",
        tokenHash: hash,
        email: input.user.email,
        data: JSON.stringify(intent),
        expiresAt: new Date(ctx.now.getTime() + VERIFY_TTL_MS),
        createdAt: ctx.now,
      })
      .returning({ id: loginTokens.id });
    const what =
      intent.kind === "verify"
        ? "confirm your email address"
        : intent.kind === "create_studio"
          ? `create the studio ${intent.name} on Roster`
          : `finish ${intent.kind === "join" ? "joining" : "signing up at"} ${ctx.studio.name}`;
    await enqueueMail(
      tx,
      {
        kind: "verify_email",
        to: input.user.email,
        subject:
          intent.kind === "create_studio"
            ? `Create ${intent.name} on Roster`
            : `Confirm your email for ${ctx.studio.name}`,
        text:
          `Hi${input.user.name ? ` ${input.user.name}` : ""},\n\n` +
          (input.note ? `${input.note}\n\n` : "") +
          `To ${what}, open this link and enter the password of your Roster login:\n\n${verifyLink(input.origin, token)}\n\n` +
          `The link works once, for 24 hours. If you did not ask for this, ignore this mail: nothing happens without the link and the password.\n\n${ctx.studio.name}`,
      },
      { key: `verify:${row!.id}` },
    );
  });
}

/**
 * The hook for sign-in (A1, for the "access" engineer to call after a
 * successful sign-in): a login that has not proved its email gets a fresh
 * verification link, at most once per ten minutes. A verified login gets
 * nothing. Logins made before verification existed are treated this way: they
 * keep what they were linked to, and nothing new is linked until they verify.
 */
export async function mailVerificationIfUnverified(
  ctx: Ctx,
  input: { userId: string; origin: string; intent?: VerifyIntent },
): Promise<boolean> {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, input.userId));
  if (!user || isVerified(user)) return false;
  const [recent] = await ctx.db
    .select({ id: loginTokens.id })
    .from(loginTokens)
    .where(
      and(
        eq(loginTokens.userId, user.id),
        eq(loginTokens.purpose, "verify_email"),
        isNull(loginTokens.usedAt),
        gt(loginTokens.createdAt, new Date(ctx.now.getTime() - SIGN_IN_RESEND_GAP_MS)),
      ),
    )
    .limit(1);
  if (recent && !input.intent) return false;
  await mailVerificationLink(ctx, { user, intent: input.intent ?? { kind: "verify" }, origin: input.origin });
  return true;
}

/**
 * A1 "resendable": a fresh link for an unverified login with this email,
 * completing what its latest link at this studio would have (or a join of
 * this studio). Answers nothing: a verified login, or no login, gets no mail,
 * and the caller shows the same "check your email" whatever happened.
 */
export async function resendVerification(
  ctx: Ctx,
  input: { email: string; origin: string; source?: "portal" | "embed" },
): Promise<void> {
  const email = input.email.trim().toLowerCase();
  if (!email || email.length > 254) return;
  const [user] = await ctx.db.select().from(users).where(eq(users.email, email));
  if (!user || isVerified(user)) return;
  const latest = await ctx.db
    .select({ data: loginTokens.data })
    .from(loginTokens)
    .where(and(eq(loginTokens.userId, user.id), eq(loginTokens.purpose, "verify_email")))
    .orderBy(desc(loginTokens.createdAt))
    .limit(20);
  let intent: VerifyIntent = { kind: "join", studioId: ctx.studio.id, source: input.source ?? "portal" };
  for (const row of latest) {
    const parsed = VerifyIntent.safeParse(JSON.parse(row.data ?? "null"));
    if (parsed.success && "studioId" in parsed.data && parsed.data.studioId === ctx.studio.id) {
      intent = parsed.data;
      break;
    }
  }
  await mailVerificationLink(ctx, { user, intent, origin: input.origin });
}

const INVALID_LINK = "This link has expired or was already used. Sign in, or sign up again, to get a new one.";

/** What a followed verification link did, and where the person goes next. */
export type VerifyOutcome = {
  userId: string;
  email: string;
  studio: Studio | null;
  /** The path to continue at: the studio's portal (or the plan chosen in the embed), or the staff sign-in. */
  next: string;
  /** Why nothing was linked, when something stood in the way (the client belongs to another login, portal access off). */
  notice?: string;
  /** The studio the login now owns and should act in (T4), when the link created one. */
  actAs?: string;
};

/** The token row a link names, if it is a live verification link. Read-only: for the page that asks for the password. */
export async function findVerificationToken(db: Db, token: string, now: Date) {
  return findLiveToken(db, "verify_email", token, now);
}

/**
 * A1: follows a verification link. The link alone is not enough: the login's
 * password must be given too (throttled like a sign-in), so neither someone
 * who signed up with another person's address (they lack the mail) nor the
 * owner of an address someone else signed up with (they lack the password)
 * can complete it alone. Single use even under races (a guarded UPDATE).
 * Then the login is verified and what the sign-up was for is completed: the
 * studio's client with this email is linked (or made), never one linked to
 * another login (C1).
 */
export async function consumeVerification(
  db: Db,
  input: { token: string; password: string; ip: string },
  now = new Date(),
): Promise<VerifyOutcome> {
  const row = await findVerificationToken(db, input.token, now);
  if (!row) throw new RuleError("link_invalid", INVALID_LINK);
  const checked = await verifyCredentials(db, { email: row.email, password: input.password, ip: input.ip }, now);
  if (!checked || checked.id !== row.userId) {
    throw new InvalidInputError("That password does not match this login.", {
      password: ["That password does not match this login."],
    });
  }
  const intent = VerifyIntent.safeParse(JSON.parse(row.data ?? "null"));
  const studio =
    intent.success && "studioId" in intent.data
      ? ((await db.select().from(studios).where(eq(studios.id, intent.data.studioId)))[0] ?? null)
      : null;

  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const used = await useLiveToken(tx, "verify_email", input.token, now);
    if (!used) throw new RuleError("link_invalid", INVALID_LINK);
    // Only the address the link was sent to: an email changed since then is not proved by this link.
    const [user] = await tx
      .update(users)
      .set({ emailVerified: now })
      .where(and(eq(users.id, row.userId), eq(users.email, row.email)))
      .returning();
    if (!user) throw new RuleError("link_invalid", INVALID_LINK);
    const outcome: VerifyOutcome = { userId: user.id, email: user.email, studio, next: "/signin" };
    if (intent.success && intent.data.kind === "create_studio") {
      // The studio asked for at /signup by the holder of this login (A1: proved by the mail and the password).
      const { name, timezone, currency } = intent.data;
      const created = await createStudioOwnedBy(tx, user.id, { name, timezone, currency }, now);
      return { ...outcome, next: "/dashboard", actAs: created.id };
    }
    if (!studio || !intent.success || !("studioId" in intent.data)) return outcome;

    const it = intent.data;
    const ctx: Ctx = { db: tx, studio, actor: { kind: "system", reason: "email verified" }, now };
    outcome.next = `/s/${studio.slug}`;
    await audit(ctx, {
      action: "user.email_verified",
      table: "users",
      rowId: user.id,
      data: { intent: it.kind, source: it.source },
    });
    const { client } = await findOrCreateClient(ctx, {
      email: user.email,
      name: it.name || user.name || user.email.split("@")[0]!,
      marketingConsent: it.marketingConsent,
      source: it.source,
      userId: user.id,
    });
    if (client.userId !== user.id) {
      outcome.notice = `Your email is confirmed, but ${studio.name}'s client record with this email belongs to another login. Ask the studio for help.`;
      return outcome;
    }
    if (client.portalDisabled) {
      outcome.notice = `Your email is confirmed. ${studio.name} has turned off portal access for this client record.`;
      return outcome;
    }
    if (it.kind === "register") {
      await enqueueTemplateMail(
        ctx,
        "welcome",
        { name: client.name },
        { key: `welcome:${client.id}:${used.id}`, to: user.email, clientId: client.id },
      );
    }
    if (it.planId) outcome.next = `/s/${studio.slug}/plans/${it.planId}`;
    return outcome;
  });
}
