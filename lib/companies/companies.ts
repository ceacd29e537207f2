import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { companies, companyClients, memberships, type Company } from "@/db/schema";
import { getClient } from "@/lib/clients/get-client";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { NotFoundError, RuleError } from "@/lib/core/errors";
import { isUuid, parseInput } from "@/lib/core/validation";
import { markMemberSince } from "@/lib/memberships/assign-membership";
import { grantsRightsSql } from "@/lib/memberships/effective-status";

export const CreateCompanyInput = z.object({ name: z.string().trim().min(1, { error: "Name the company." }).max(200) });

/** M7: a company whose memberships its linked clients inherit. */
export async function createCompany(ctx: Ctx, raw: z.input<typeof CreateCompanyInput>): Promise<Company> {
  requirePermission(ctx, "clients.write");
  const input = parseInput(CreateCompanyInput, raw);
  return inTransaction(ctx, async (tx) => {
    const [company] = await tx.db
      .insert(companies)
      .values({ studioId: ctx.studio.id, name: input.name, createdAt: ctx.now })
      .returning();
    await audit(tx, { action: "company.created", table: "companies", rowId: company!.id });
    return company!;
  });
}

export async function getCompany(ctx: Ctx, id: string): Promise<Company> {
  requirePermission(ctx, "clients.read");
  if (!isUuid(id)) throw new NotFoundError("Company");
  const [c] = await ctx.db
    .select()
    .from(companies)
    .where(and(eq(companies.studioId, ctx.studio.id), eq(companies.id, id)));
  if (!c) throw new NotFoundError("Company");
  return c;
}

/** The studio's companies with how many clients each links. */
export async function listCompanies(ctx: Ctx): Promise<(Company & { clientCount: number })[]> {
  requirePermission(ctx, "clients.read");
  const rows = await ctx.db
    .select({ company: companies, clientCount: sql<number>`count(${companyClients.clientId})::int` })
    .from(companies)
    .leftJoin(
      companyClients,
      and(eq(companyClients.studioId, companies.studioId), eq(companyClients.companyId, companies.id)),
    )
    .where(eq(companies.studioId, ctx.studio.id))
    .groupBy(companies.studioId, companies.id)
    .orderBy(asc(companies.name));
  return rows.map((r) => ({ ...r.company, clientCount: r.clientCount }));
}

/**
 * M7: links a client to a company; from this instant the client inherits the
 * company's memberships (and becomes a member, C3, if one is active). Linking twice is a no-op.
 */
export async function linkClientToCompany(ctx: Ctx, companyId: string, clientId: string): Promise<void> {
  requirePermission(ctx, "clients.write");
  await inTransaction(ctx, async (tx) => {
    await getCompany(tx, companyId);
    await getClient(tx, clientId);
    const [linked] = await tx.db
      .insert(companyClients)
      .values({ studioId: ctx.studio.id, companyId, clientId, linkedAt: ctx.now })
      .onConflictDoNothing()
      .returning();
    if (!linked) return;
    const [active] = await tx.db
      .select({ startsAt: memberships.startsAt })
      .from(memberships)
      .where(
        and(eq(memberships.studioId, ctx.studio.id), eq(memberships.companyId, companyId), grantsRightsSql(ctx.now)),
      )
      .limit(1);
    if (active) await markMemberSince(tx, { clientId, companyId: null, startsAt: ctx.now });
    await audit(tx, {
      action: "company.client_linked",
      table: "company_clients",
      rowId: clientId,
      data: { companyId },
    });
  });
}

/** M7: unlinks a client; the inherited memberships stop applying at once. */
export async function unlinkClientFromCompany(ctx: Ctx, companyId: string, clientId: string): Promise<void> {
  requirePermission(ctx, "clients.write");
  await inTransaction(ctx, async (tx) => {
    await getCompany(tx, companyId);
    if (!isUuid(clientId)) throw new NotFoundError("Client");
    const removed = await tx.db
      .delete(companyClients)
      .where(
        and(
          eq(companyClients.studioId, ctx.studio.id),
          eq(companyClients.companyId, companyId),
          eq(companyClients.clientId, clientId),
        ),
      )
      .returning();
    if (!removed.length) throw new NotFoundError("Link between this client and company");
    await audit(tx, {
      action: "company.client_unlinked",
      table: "company_clients",
      rowId: clientId,
      data: { companyId },
    });
  });
}

export const RenameCompanyInput = CreateCompanyInput;

/** M7: a company's new name; its links and memberships stay as they are. */
export async function renameCompany(ctx: Ctx, id: string, raw: z.input<typeof RenameCompanyInput>): Promise<Company> {
  requirePermission(ctx, "clients.write");
  const input = parseInput(RenameCompanyInput, raw);
  return inTransaction(ctx, async (tx) => {
    const before = await getCompany(tx, id);
    const [company] = await tx.db
      .update(companies)
      .set({ name: input.name })
      .where(and(eq(companies.studioId, ctx.studio.id), eq(companies.id, id)))
      .returning();
    await audit(tx, {
      action: "company.renamed",
      table: "companies",
      rowId: id,
      data: { from: before.name, to: input.name },
    });
    return company!;
  });
}

/**
 * M7, M8: deletes a company that holds no membership, unlinking its clients (they inherit nothing from it any more).
 * A company that holds or held a membership keeps it and its history (M8): refused with `company_has_memberships`.
 */
export async function deleteCompany(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, "clients.write");
  await inTransaction(ctx, async (tx) => {
    const company = await getCompany(tx, id);
    // The company's row is locked first, so a membership given to it meanwhile waits and then finds it gone.
    await tx.db.execute(
      sql`select 1 from ${companies} where ${companies.studioId} = ${ctx.studio.id} and ${companies.id} = ${id} for update`,
    );
    const [held] = await tx.db
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.studioId, ctx.studio.id), eq(memberships.companyId, id)))
      .limit(1);
    if (held)
      throw new RuleError(
        "company_has_memberships",
        `${company.name} holds memberships, which keep their history. Cancel them instead; the company stays.`,
      );
    await tx.db.delete(companies).where(and(eq(companies.studioId, ctx.studio.id), eq(companies.id, id)));
    await audit(tx, { action: "company.deleted", table: "companies", rowId: id, data: { name: company.name } });
  });
}
