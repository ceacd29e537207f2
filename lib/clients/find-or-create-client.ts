import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { clients, type Client } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, requireRole, type Ctx } from "@/lib/core/ctx";
import { Email, PersonName, normalizeEmail, parseInput } from "@/lib/core/validation";
import { ClientSource, EmergencyContact, Phone } from "./client-input";

export const FindOrCreateClientInput = z.object({
  /** Optional only for household participants (H1), who are always new. */
  email: Email.optional(),
  name: PersonName,
  phone: Phone.optional(),
  emergencyContact: EmergencyContact.optional(),
  marketingConsent: z.boolean().optional(),
  source: ClientSource,
  /** A portal login to link to the client. */
  userId: z.uuid().optional(),
});
export type FindOrCreateClientInput = z.input<typeof FindOrCreateClientInput>;

/**
 * The only way a client comes to exist (C1). Matches on the normalised email
 * within the studio; a match is returned unchanged (a portal login is linked to
 * it when it has none), otherwise the client is created. Safe under races: the
 * insert and the match are one statement against a unique index.
 */
export async function findOrCreateClient(
  ctx: Ctx,
  raw: FindOrCreateClientInput,
): Promise<{ client: Client; created: boolean }> {
  requireRole(ctx, "instructor", "member");
  const input = parseInput(FindOrCreateClientInput, raw);
  const emailNormalized = input.email ? normalizeEmail(input.email) : null;

  return inTransaction(ctx, async (tx) => {
    const [inserted] = await tx.db
      .insert(clients)
      .values({
        studioId: ctx.studio.id,
        name: input.name,
        email: input.email ?? null,
        emailNormalized,
        phone: input.phone || null,
        emergencyContactName: input.emergencyContact?.name ?? null,
        emergencyContactPhone: input.emergencyContact?.phone ?? null,
        marketingConsent: input.marketingConsent ?? false,
        marketingConsentAt: input.marketingConsent ? ctx.now : null,
        source: input.source,
        userId: input.userId ?? null,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .onConflictDoNothing({
        target: [clients.studioId, clients.emailNormalized],
        where: sql`${clients.emailNormalized} is not null`,
      })
      .returning();

    if (inserted) {
      await audit(tx, { action: "client.created", table: "clients", rowId: inserted.id, data: { source: input.source } });
      return { client: inserted, created: true };
    }

    const where = and(eq(clients.studioId, ctx.studio.id), eq(clients.emailNormalized, emailNormalized!));
    if (input.userId) {
      const [linked] = await tx.db
        .update(clients)
        .set({ userId: input.userId, updatedAt: ctx.now })
        .where(and(where, isNull(clients.userId)))
        .returning();
      if (linked) return { client: linked, created: false };
    }
    const [existing] = await tx.db.select().from(clients).where(where);
    return { client: existing!, created: false };
  });
}
