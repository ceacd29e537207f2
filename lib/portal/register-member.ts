import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requireStudioActor } from "@/lib/core/permissions";
import { Email, normalizeEmail, parseInput, PersonName } from "@/lib/core/validation";
import { mailVerificationLink, isVerified } from "@/lib/identity/verify-email";
import { enqueueMail } from "@/lib/jobs";
import { Password } from "@/lib/studios/create-studio";

export const RegisterMemberInput = z.object({
  name: PersonName,
  email: Email,
  password: Password,
  marketingConsent: z.boolean().default(false),
});
export type RegisterMemberInput = z.input<typeof RegisterMemberInput>;

/** What every sign-up door shows, whatever the address (A1). */
export const CHECK_YOUR_EMAIL =
  "Check your email to finish: we sent a link to the address you gave. It works for 24 hours.";

/**
 * Portal and embed sign-up (C1, A1). Answers the same — nothing — for a new
 * address, a client's address and an address that already has a login, after
 * the same work (one password hash on every path); what happens next arrives
 * by mail:
 * - a new address gets a login (unverified) and a verification link; nothing
 *   of the studio is linked or created until the link is followed with the
 *   password (lib/identity/verify-email.ts), which then links the studio's
 *   client with this email or makes one;
 * - an address with a login is told so by mail ("sign in, or reset your
 *   password"); an unverified one also gets a link that finishes this sign-up
 *   with that login's password. The password typed here is never checked, so
 *   sign-up is no way to guess passwords.
 * `source` says where the person signed up; `planId` the plan chosen in the embed (E1).
 */
export async function registerMember(
  ctx: Ctx,
  raw: RegisterMemberInput,
  opts: { source?: "portal" | "embed"; origin: string; planId?: string },
): Promise<void> {
  requireStudioActor(ctx);
  const input = parseInput(RegisterMemberInput, raw);
  const email = normalizeEmail(input.email);
  const source = opts.source ?? "portal";
  // Hashed on every path, so a known address takes as long as a new one.
  const passwordHash = await hashPassword(input.password);
  const intent = {
    kind: "register" as const,
    studioId: ctx.studio.id,
    source,
    name: input.name,
    marketingConsent: input.marketingConsent,
    planId: opts.planId,
  };

  await inTransaction(ctx, async (tx) => {
    const [created] = await tx.db
      .insert(users)
      .values({ email, name: input.name, passwordHash, createdAt: ctx.now })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (created) {
      await mailVerificationLink(tx, { user: created, intent, origin: opts.origin });
      return;
    }
    const [existing] = await tx.db.select().from(users).where(eq(users.email, email));
    if (!existing) return;
    const signIn = `${opts.origin}/s/${ctx.studio.slug}/signin`;
    if (!isVerified(existing)) {
      await mailVerificationLink(tx, {
        user: existing,
        intent,
        origin: opts.origin,
        note: `Someone (we hope you) asked to sign up at ${ctx.studio.name} with this address, which already has a Roster login. Use that login's password below; if you have forgotten it, reset it from ${signIn}.`,
      });
      return;
    }
    await enqueueMail(
      tx,
      {
        kind: "account_exists",
        to: email,
        subject: `You already have an account for ${ctx.studio.name}`,
        text:
          `Hi${existing.name ? ` ${existing.name}` : ""},\n\nSomeone (we hope you) asked to sign up at ${ctx.studio.name} with this address. ` +
          `It already has a Roster login, so there is nothing to create: sign in with your password at\n\n${signIn}\n\n` +
          `If you have forgotten it, reset it from the same page. If this was not you, ignore this mail: nothing was changed.\n\n${ctx.studio.name}`,
      },
      { key: `account-exists:${existing.id}:${ctx.now.getTime()}` },
    );
  });
}
