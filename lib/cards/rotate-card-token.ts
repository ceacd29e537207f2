import { randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { clients } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { NotFoundError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/validation";

/** A fresh card token: 64 hex characters of randomness, the same shape as the schema's default (W1). */
export function newCardToken(): string {
  return randomBytes(32).toString("hex");
}

/**
 * W1: replaces a client's card (lost or shared): a new random token, and the
 * old one is "not found" from this instant. Audited without either token, so
 * the log never holds a working card.
 */
export async function rotateCardToken(ctx: Ctx, clientId: string): Promise<{ token: string }> {
  requirePermission(ctx, "clients.write");
  if (!isUuid(clientId)) throw new NotFoundError("Client");
  return inTransaction(ctx, async (tx) => {
    const token = newCardToken();
    const [row] = await tx.db
      .update(clients)
      .set({ cardToken: token, updatedAt: ctx.now })
      .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, clientId), isNull(clients.erasedAt)))
      .returning({ id: clients.id });
    if (!row) throw new NotFoundError("Client");
    await audit(tx, { action: "client.card_replaced", table: "clients", rowId: row.id });
    return { token };
  });
}
