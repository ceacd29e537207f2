import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { clients, type Client } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { isUniqueViolation, NotFoundError, RuleError } from "@/lib/core/errors";
import { normalizeEmail, parseInput } from "@/lib/core/validation";
import { ClientFields } from "./client-input";

export const UpdateClientInput = ClientFields.partial().strict();
export type UpdateClientInput = z.input<typeof UpdateClientInput>;

/** Staff edit a client's C2 fields. Changing the email keeps C1: it may not collide with another client. */
export async function updateClient(ctx: Ctx, id: string, raw: UpdateClientInput): Promise<Client> {
  requirePermission(ctx, "clients.write");
  const input = parseInput(UpdateClientInput, raw);
  const { emergencyContact, email, marketingConsent, ...rest } = input;

  return inTransaction(ctx, async (tx) => {
    const where = and(eq(clients.studioId, ctx.studio.id), eq(clients.id, id));
    const [current] = await tx.db.select().from(clients).where(where).for("update");
    if (!current || current.erasedAt) throw new NotFoundError("Client");

    const patch: Partial<typeof clients.$inferInsert> = { ...rest, updatedAt: ctx.now };
    if (emergencyContact !== undefined) {
      patch.emergencyContactName = emergencyContact?.name ?? null;
      patch.emergencyContactPhone = emergencyContact?.phone ?? null;
    }
    if (email !== undefined) {
      patch.email = email;
      patch.emailNormalized = email === null ? null : normalizeEmail(email);
    }
    if (marketingConsent !== undefined && marketingConsent !== current.marketingConsent) {
      patch.marketingConsent = marketingConsent;
      patch.marketingConsentAt = marketingConsent ? ctx.now : null;
    }

    let row: Client | undefined;
    try {
      [row] = await tx.db.transaction(async (sp) => sp.update(clients).set(patch).where(where).returning());
    } catch (e) {
      if (isUniqueViolation(e))
        throw new RuleError("email_taken", "Another client of this studio already uses that email.");
      throw e;
    }
    await audit(tx, { action: "client.updated", table: "clients", rowId: id, data: { fields: Object.keys(input) } });
    return row!;
  });
}
