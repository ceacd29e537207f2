import { and, eq } from "drizzle-orm";
import { clients, type Client } from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requireMemberActor } from "@/lib/core/permissions";
import { ForbiddenError, NotFoundError } from "@/lib/core/errors";

/** The signed-in member's own client record at this studio. */
export async function getMyProfile(ctx: Ctx): Promise<Client> {
  requireMemberActor(ctx);
  if (ctx.actor.kind !== "member") throw new ForbiddenError();
  const [me] = await ctx.db
    .select()
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, ctx.actor.clientId)));
  if (!me) throw new NotFoundError("Client");
  return me;
}
