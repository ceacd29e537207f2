import { and, eq, isNull } from "drizzle-orm";
import { clients, type Client } from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { NotFoundError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/validation";

/** One client of the caller's studio; another studio's id is "not found". */
export async function getClient(ctx: Ctx, id: string): Promise<Client> {
  requirePermission(ctx, "clients.read");
  if (!isUuid(id)) throw new NotFoundError("Client");
  const [row] = await ctx.db
    .select()
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, id), isNull(clients.erasedAt)));
  if (!row) throw new NotFoundError("Client");
  return row;
}
