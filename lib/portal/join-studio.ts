import { eq } from "drizzle-orm";
import { z } from "zod";
import { users, type Client } from "@/db/schema";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import type { Ctx } from "@/lib/core/ctx";
import { NotFoundError, RuleError } from "@/lib/core/errors";
import { parseInput } from "@/lib/core/validation";
import { isVerified, mailVerificationLink } from "@/lib/identity/verify-email";

export const JoinStudioInput = z.object({ userId: z.uuid() });

/** What a join did: linked now (a verified login), or a verification link is on its way (A1). */
export type JoinResult = { kind: "joined"; client: Client } | { kind: "check_email" };

/**
 * A signed-in login becomes a client of this studio (C1): the studio's client
 * with the login's email is linked to it, or a new client is made — only once
 * the login has proved its email (A1). An unverified login is linked to
 * nothing: it is mailed a link whose following (with its password) does the
 * join, and the answer is "check your email". `origin` builds that link;
 * `planId` is the plan chosen in the embed, to continue with.
 */
export async function joinStudio(
  ctx: Ctx,
  raw: z.input<typeof JoinStudioInput>,
  opts: { source?: "portal" | "embed"; origin: string; planId?: string },
): Promise<JoinResult> {
  const { userId } = parseInput(JoinStudioInput, raw);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new NotFoundError("Account");
  const source = opts.source ?? "portal";
  if (!isVerified(user)) {
    await mailVerificationLink(ctx, {
      user,
      intent: { kind: "join", studioId: ctx.studio.id, source, planId: opts.planId },
      origin: opts.origin,
    });
    return { kind: "check_email" };
  }
  const { client } = await findOrCreateClient(ctx, {
    email: user.email,
    name: user.name ?? user.email.split("@")[0]!,
    source,
    userId,
  });
  if (client.userId !== userId) {
    throw new RuleError(
      "already_linked",
      "This studio's client with your email belongs to another account. Ask the studio for help.",
    );
  }
  return { kind: "joined", client };
}
