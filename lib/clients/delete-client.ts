import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { bookings, clients, memberships, payments, waitlistEntries, type Client } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { NotFoundError, RuleError } from "@/lib/core/errors";
import { isUuid, parseInput } from "@/lib/core/validation";
import { getClient } from "./get-client";
import { householdMembers, lockClients, moveClientHistory, type MovedHistory } from "./merge-clients";

export const DeleteClientInput = z.object({
  /** Any string: a malformed id is "not found", like another studio's. */
  clientId: z.string({ error: "Say which client to delete." }).max(100),
});
export type DeleteClientInput = z.input<typeof DeleteClientInput>;

/** Whether staff may delete a client now, and why not (C4, H2). */
export type Deletability =
  | {
      allowed: true;
      /** H2: the primary customer an additional user's history moves to, or null. */ historyMovesTo: string | null;
    }
  | { allowed: false; code: "has_history" | "has_household"; reason: string };

/**
 * C4, H2: what deleteClient would decide for this client. An additional user
 * (H2) may always go: its history moves to its primary customer. Anyone else
 * with a booking, membership or payment is kept (erase it instead, P1); a
 * primary customer with household members keeps them first.
 */
export async function clientDeletability(ctx: Ctx, clientId: string): Promise<Deletability> {
  requirePermission(ctx, "clients.read");
  return decide(ctx, await getClient(ctx, clientId));
}

async function decide(ctx: Ctx, client: Client): Promise<Deletability> {
  const members = await householdMembers(ctx, client.id);
  if (members.length) {
    return {
      allowed: false,
      code: "has_household",
      reason: `This client is the primary customer of a household with ${members.length} member${members.length === 1 ? "" : "s"}. Remove them from the household or delete them first.`,
    };
  }
  if (client.householdRole === "additional_user" && client.householdPrimaryId) {
    return { allowed: true, historyMovesTo: client.householdPrimaryId };
  }
  const where = <T extends typeof bookings | typeof memberships | typeof payments>(t: T) =>
    and(eq(t.studioId, ctx.studio.id), eq(t.clientId, client.id));
  // One after another: `ctx.db` may be a transaction, which runs one statement at a time.
  const booking = await ctx.db.select({ id: bookings.id }).from(bookings).where(where(bookings)).limit(1);
  const membership = await ctx.db.select({ id: memberships.id }).from(memberships).where(where(memberships)).limit(1);
  const payment = await ctx.db.select({ id: payments.id }).from(payments).where(where(payments)).limit(1);
  if (booking.length || membership.length || payment.length) {
    return {
      allowed: false,
      code: "has_history",
      reason:
        "This client has bookings, memberships or payments, so the record is kept (C4). To remove their personal data, erase the client instead.",
    };
  }
  return { allowed: true, historyMovesTo: null };
}

/**
 * C4, H2: hard-deletes a client that has no history (a lead, an app user), or
 * an additional user of a household, whose bookings, memberships, payments and
 * waitlist places first move to its primary customer. Refused with
 * `has_history` for anyone else with a booking, membership or payment, and
 * with `has_household` for a primary customer that still has members. Notes and
 * company links go with the client; waitlist places of a lead are given up.
 * Audited without personal data.
 */
export async function deleteClient(ctx: Ctx, raw: DeleteClientInput): Promise<void> {
  requirePermission(ctx, "clients.write");
  const input = parseInput(DeleteClientInput, raw);
  if (!isUuid(input.clientId)) throw new NotFoundError("Client");
  const clientId = input.clientId.toLowerCase();

  await inTransaction(ctx, async (tx): Promise<MovedHistory> => {
    const [peek] = await tx.db
      .select({ primaryId: clients.householdPrimaryId })
      .from(clients)
      .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, clientId)));
    // The primary is locked with the client (in id order) so its history cannot change under the move.
    const locked = await lockClients(tx, peek?.primaryId ? [clientId, peek.primaryId] : [clientId]);
    const client = locked.get(clientId);
    if (!client) throw new NotFoundError("Client");

    const verdict = await decide(tx, client);
    if (!verdict.allowed) throw new RuleError(verdict.code, verdict.reason);

    let moved: MovedHistory = { promotions: [] };
    if (verdict.historyMovesTo) {
      if (!locked.has(verdict.historyMovesTo)) throw new NotFoundError("Primary customer");
      moved = await moveClientHistory(tx, client.id, verdict.historyMovesTo);
    }
    await tx.db
      .delete(waitlistEntries)
      .where(and(eq(waitlistEntries.studioId, ctx.studio.id), eq(waitlistEntries.clientId, client.id)));
    await tx.db.delete(clients).where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, client.id)));
    await audit(tx, {
      action: "client.deleted",
      table: "clients",
      rowId: client.id,
      data: { householdRole: client.householdRole, historyMovedTo: verdict.historyMovesTo },
    });
    return moved;
  });
}
