import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { clients, type Client, type ClientSource as ClientSourceValue } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { at } from "@/lib/core/sql";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
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
  requirePermission(ctx, "clients.write", { orMember: true });
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
      await audit(tx, {
        action: "client.created",
        table: "clients",
        rowId: inserted.id,
        data: { source: input.source },
      });
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

/**
 * One person of a batch (an import): a new client gets these details; an existing one is left as it is.
 * `memberSince`: the caller is making this person a member from that instant in the same transaction (C3), so a
 * new client is created with it rather than written twice (the caller still sets it on existing clients).
 */
export const ClientBatchRow = z.object({
  email: Email,
  name: PersonName,
  phone: Phone.optional(),
  memberSince: z.date().optional(),
});
export type ClientBatchRow = z.input<typeof ClientBatchRow>;

/** The most people one call takes. */
export const CLIENT_BATCH_MAX = 5000;

/**
 * C1 for many people at once (imports): the same normalised-email match as
 * findOrCreateClient, as one INSERT … ON CONFLICT DO NOTHING for the whole
 * batch and one SELECT, so existing clients are found, never duplicated or
 * changed, and the rest are created with `source`. Returns normalised email →
 * client id for every row. Writes no audit rows of its own: the caller records
 * one for the whole operation. Call it inside the caller's transaction.
 */
export async function findOrCreateClientsBatch(
  ctx: Ctx,
  rows: ClientBatchRow[],
  source: ClientSourceValue,
): Promise<Map<string, string>> {
  requirePermission(ctx, "clients.write");
  const input = parseInput(z.array(ClientBatchRow).max(CLIENT_BATCH_MAX), rows);
  const kind = parseInput(ClientSource, source);
  const byEmail = new Map<string, (typeof input)[number]>();
  for (const row of input) {
    const key = normalizeEmail(row.email);
    if (!byEmail.has(key)) byEmail.set(key, row);
  }
  if (byEmail.size === 0) return new Map();

  // In email order, so concurrent batches sharing people take their row locks in the same order.
  const people = [...byEmail].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const norms = people.map(([key]) => key);
  // Columns as arrays through unnest: one statement, a handful of parameters, however many rows.
  await ctx.db.execute(sql`
    insert into clients (studio_id, name, email, email_normalized, phone, source, member_since, created_at, updated_at)
    select ${ctx.studio.id}, p.name, p.email, p.email_normalized, p.phone, ${kind}, p.member_since, ${at(ctx.now)}, ${at(ctx.now)}
    from unnest(
      ${sql.param(people.map(([, r]) => r.name))}::text[],
      ${sql.param(people.map(([, r]) => r.email))}::text[],
      ${sql.param(norms)}::text[],
      ${sql.param(people.map(([, r]) => r.phone || null))}::text[],
      ${sql.param(people.map(([, r]) => r.memberSince?.toISOString() ?? null))}::text[]::timestamptz[]
    ) as p(name, email, email_normalized, phone, member_since)
    on conflict (studio_id, email_normalized) where email_normalized is not null do nothing`);

  const found = await ctx.db
    .select({ id: clients.id, emailNormalized: clients.emailNormalized })
    .from(clients)
    .where(
      and(eq(clients.studioId, ctx.studio.id), sql`${clients.emailNormalized} = any(${sql.param(norms)}::text[])`),
    );
  return new Map(found.map((c) => [c.emailNormalized!, c.id]));
}
