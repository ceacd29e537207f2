import { eq } from "drizzle-orm";
import { z } from "zod";
import { users, type Client } from "@/db/schema";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import type { Ctx } from "@/lib/core/ctx";
import { NotFoundError, RuleError } from "@/lib/core/errors";
import { parseInput } from "@/lib/core/validation";

export const JoinStudioInput = z.object({ userId: z.uuid() });

/**
 * A signed-in login becomes a client of this studio (C1): the studio's client
 * with the login's email is linked to it, or a new client is made.
 */
export async function joinStudio(ctx: Ctx, raw: z.input<typeof JoinStudioInput>, opts: { source?: "portal" | "embed" } = {}): Promise<Client> {
  const { userId } = parseInput(JoinStudioInput, raw);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new NotFoundError("Account");
  const { client } = await findOrCreateClient(ctx, {
    email: user.email,
    name: user.name ?? user.email.split("@")[0]!,
    source: opts.source ?? "portal",
    userId,
  });
  if (client.userId !== userId) {
    throw new RuleError("already_linked", "This studio's client with your email belongs to another account. Ask the studio for help.");
  }
  return client;
}
