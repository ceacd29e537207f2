import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { loginTokens, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import type { Ctx } from "@/lib/core/ctx";
import { normalizeEmail, parseInput } from "@/lib/core/validation";
import { mailStudioFor } from "@/lib/account/mail-studio";
import { isVerified, mailVerificationLink, VerifyIntent } from "@/lib/identity/verify-email";
import { CreateStudioInput, createStudioOwnedBy } from "./create-studio";

/**
 * The owner sign-up at /signup (A1). Answers the same (nothing: the page says
 * "check your email to finish") for a new address and for one that already
 * has a Roster login, after the same work (one password hash on every path),
 * so the page tells nobody whether an email has a login, and the password
 * typed here is never checked (sign-up is no way to guess passwords):
 * - a new address gets its login (unverified) and its new studio at once
 *   (nothing that existed is linked to it), and a verification link that
 *   signs the owner in to the studio's dashboard;
 * - an address with a login is mailed a link that creates the studio for
 *   that login once its password is given on the link's page (the studio is
 *   made by consumeVerification, lib/identity). The mail goes out in the name
 *   of a studio the person belongs to; a login that belongs to none gets no
 *   mail (it can sign in and reset its password as usual).
 * Bad input (the studio's name, zone, currency, a short password) is refused
 * before anything is looked up, so it too says nothing about the address.
 */
export async function signUpStudio(
  db: Db,
  raw: CreateStudioInput,
  opts: { origin: string },
  now = new Date(),
): Promise<void> {
  const input = parseInput(CreateStudioInput, raw);
  const email = normalizeEmail(input.ownerEmail);
  const passwordHash = await hashPassword(input.ownerPassword);

  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [created] = await tx
      .insert(users)
      .values({ email, name: input.ownerName ?? null, passwordHash, createdAt: now })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (created) {
      const studio = await createStudioOwnedBy(tx, created.id, input, now);
      const ctx: Ctx = { db: tx, studio, actor: { kind: "system", reason: "studio sign-up" }, now };
      await mailVerificationLink(ctx, {
        user: created,
        intent: { kind: "verify" },
        origin: opts.origin,
        note: `Your studio ${studio.name} is ready on Roster.`,
      });
      return;
    }
    const [existing] = await tx.select().from(users).where(eq(users.email, email));
    const studio = existing && (await mailStudioFor(tx, existing.id));
    if (!existing || !studio) return;
    const ctx: Ctx = { db: tx, studio, actor: { kind: "system", reason: "studio sign-up" }, now };
    await mailVerificationLink(ctx, {
      user: existing,
      intent: { kind: "create_studio", name: input.name, timezone: input.timezone, currency: input.currency },
      origin: opts.origin,
      note:
        `Someone (we hope you) asked to create the studio ${input.name} on Roster with this address, which already has ` +
        `a Roster login. If you have forgotten its password, reset it from ${opts.origin}/forgot-password first. ` +
        `If this was not you, ignore this mail: nothing is created without the link and the password.`,
    });
  });
}

/**
 * A1 "resendable", for /signup: a fresh link for what the address's latest
 * link was for (the new owner's verification, or the studio an existing login
 * asked for), when that link is still unused. Answers nothing, like the
 * sign-up itself: an unknown address or one with nothing pending gets no mail.
 */
export async function resendStudioSignUp(db: Db, input: { email: string; origin: string }, now = new Date()) {
  const email = normalizeEmail(input.email);
  if (!email || email.length > 254) return;
  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (!user) return;
  const [latest] = await db
    .select({ data: loginTokens.data })
    .from(loginTokens)
    .where(
      and(
        eq(loginTokens.userId, user.id),
        eq(loginTokens.purpose, "verify_email"),
        isNull(loginTokens.usedAt),
        gt(loginTokens.expiresAt, now),
      ),
    )
    .orderBy(desc(loginTokens.createdAt))
    .limit(1);
  const parsed = VerifyIntent.safeParse(JSON.parse(latest?.data ?? "null"));
  const intent: VerifyIntent | null =
    parsed.success && parsed.data.kind === "create_studio" ? parsed.data : isVerified(user) ? null : { kind: "verify" };
  const studio = intent && (await mailStudioFor(db, user.id));
  if (!intent || !studio) return;
  const ctx: Ctx = { db, studio, actor: { kind: "system", reason: "studio sign-up resend" }, now };
  await mailVerificationLink(ctx, { user, intent, origin: input.origin });
}
