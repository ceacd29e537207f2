import { and, eq } from "drizzle-orm";
import { clients } from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requireMemberActor } from "@/lib/core/permissions";
import { listMyMemberships, type MyMembership } from "@/lib/memberships/history";
import { managedHouseholdOf } from "./household-access";

/**
 * H1: for an additional user signed in to the portal, the primary customer's
 * own memberships (what is left on them and their session history, exactly as
 * the primary sees them; never its payments or payment methods), which the
 * additional user may also book with. Null for anyone else. Memberships the
 * primary inherits from a company are the primary's alone and are left out.
 */
export async function listPrimaryMemberships(
  ctx: Ctx,
): Promise<{ primaryName: string; memberships: MyMembership[] } | null> {
  requireMemberActor(ctx);
  if (ctx.actor.kind !== "member") return null;
  const managed = await managedHouseholdOf(ctx);
  if (!managed || managed.actorRole !== "additional_user") return null;
  const [primary] = await ctx.db
    .select({ name: clients.name })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, managed.primaryId)));
  if (!primary) return null;
  // The same read the primary gets, on the primary's behalf: the additional user is entitled to it (H1).
  const asPrimary: Ctx = { ...ctx, actor: { ...ctx.actor, clientId: managed.primaryId } };
  const memberships = (await listMyMemberships(asPrimary)).filter((m) => !m.inherited);
  return { primaryName: primary.name, memberships };
}
