import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { clients } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { NotFoundError, RuleError } from "@/lib/core/errors";
import { parseInput } from "@/lib/core/validation";

export const RemoveHouseholdMemberInput = z.object({ clientId: z.uuid({ error: "Choose the member to remove." }) });
export type RemoveHouseholdMemberInput = z.input<typeof RemoveHouseholdMemberInput>;

/**
 * H1: staff take a participant or additional user out of its household. Only
 * the link goes: the client keeps its record, bookings and memberships, and a
 * booking the primary's pack paid for stays paid by it (cancelling it returns
 * the session there). Another studio's client is "not found"; audited.
 */
export async function removeHouseholdMember(
  ctx: Ctx,
  raw: RemoveHouseholdMemberInput,
): Promise<{ clientId: string; primaryId: string }> {
  requirePermission(ctx, "clients.write");
  const input = parseInput(RemoveHouseholdMemberInput, raw);
  return inTransaction(ctx, async (tx) => {
    const where = and(eq(clients.studioId, ctx.studio.id), eq(clients.id, input.clientId), isNull(clients.erasedAt));
    const [member] = await tx.db
      .select({ name: clients.name, primaryId: clients.householdPrimaryId, role: clients.householdRole })
      .from(clients)
      .where(where)
      .for("update");
    if (!member) throw new NotFoundError("Client");
    if (!member.primaryId) throw new RuleError("not_in_household", `${member.name} is not a member of a household.`);
    await tx.db.update(clients).set({ householdPrimaryId: null, householdRole: null, updatedAt: ctx.now }).where(where);
    await audit(tx, {
      action: "household.member_removed",
      table: "clients",
      rowId: input.clientId,
      data: { primaryId: member.primaryId, role: member.role },
    });
    return { clientId: input.clientId, primaryId: member.primaryId };
  });
}
