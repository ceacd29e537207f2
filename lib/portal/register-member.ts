import { eq } from "drizzle-orm";
import { z } from "zod";
import { users, type Client } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { InvalidInputError } from "@/lib/core/errors";
import { Email, normalizeEmail, parseInput, PersonName } from "@/lib/core/validation";
import { sendMail } from "@/lib/mail/send-mail";
import { Password } from "@/lib/studios/create-studio";

export const RegisterMemberInput = z.object({
  name: PersonName,
  email: Email,
  password: Password,
  marketingConsent: z.boolean().default(false),
});
export type RegisterMemberInput = z.input<typeof RegisterMemberInput>;

const EXISTING_LOGIN =
  "This email already has a Roster login (perhaps from another studio). Enter that login's password, or sign in.";

/**
 * Portal sign-up (C1): gives the person a login (or proves the one they have)
 * and makes them a client of this studio, linked to that login. An existing
 * client with the same email is linked, never duplicated. Sends a welcome mail.
 * `source` says where the person signed up: the portal, or the studio's embed (E1).
 */
export async function registerMember(
  ctx: Ctx,
  raw: RegisterMemberInput,
  opts: { source?: "portal" | "embed" } = {},
): Promise<{ client: Client; userId: string }> {
  const input = parseInput(RegisterMemberInput, raw);
  const email = normalizeEmail(input.email);
  const [existing] = await ctx.db.select().from(users).where(eq(users.email, email));
  if (existing && !(existing.passwordHash && (await verifyPassword(input.password, existing.passwordHash)))) {
    throw new InvalidInputError(EXISTING_LOGIN, { password: [EXISTING_LOGIN] });
  }
  const passwordHash = existing ? null : await hashPassword(input.password);

  const result = await inTransaction(ctx, async (tx) => {
    let userId = existing?.id;
    if (!userId) {
      const [created] = await tx.db
        .insert(users)
        .values({ email, name: input.name, passwordHash, createdAt: ctx.now })
        .onConflictDoNothing({ target: users.email })
        .returning({ id: users.id });
      if (!created) throw new InvalidInputError(EXISTING_LOGIN, { password: [EXISTING_LOGIN] });
      userId = created.id;
    }
    const { client } = await findOrCreateClient(tx, {
      email: input.email,
      name: input.name,
      marketingConsent: input.marketingConsent,
      source: opts.source ?? "portal",
      userId,
    });
    if (client.userId !== userId) {
      // The studio's client with this email is linked to another login: refuse rather than hand it over.
      throw new InvalidInputError("This email belongs to another account at this studio. Ask the studio for help.", {
        email: ["This email belongs to another account at this studio."],
      });
    }
    return { client, userId };
  });

  await sendMail(ctx, {
    kind: "welcome",
    to: email,
    clientId: result.client.id,
    subject: `Welcome to ${ctx.studio.name}`,
    text: `Hi ${input.name},\n\nYour account at ${ctx.studio.name} is ready. Sign in any time to book classes and see your memberships.\n\n${ctx.studio.name}`,
  });
  return result;
}
