import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import {
  clients,
  companyClients,
  membershipPlans,
  memberships,
  type Client,
  type Membership,
  type MembershipPlan,
  type MembershipStatus,
} from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { InvalidInputError } from "@/lib/core/errors";
import { Email, normalizeEmail, parseInput } from "@/lib/core/validation";
import { effectiveStatus, grantsRights } from "@/lib/memberships/effective-status";
import { getCompany, linkClientToCompany } from "./companies";

export type CompanyClient = Pick<Client, "id" | "name" | "email"> & { linkedAt: Date };

/** The clients linked to a company now (M7), by name. Another studio's company is not found. */
export async function listCompanyClients(ctx: Ctx, companyId: string): Promise<CompanyClient[]> {
  requirePermission(ctx, "clients.read");
  const company = await getCompany(ctx, companyId);
  return ctx.db
    .select({ id: clients.id, name: clients.name, email: clients.email, linkedAt: companyClients.linkedAt })
    .from(companyClients)
    .innerJoin(clients, and(eq(clients.studioId, companyClients.studioId), eq(clients.id, companyClients.clientId)))
    .where(
      and(
        eq(companyClients.studioId, ctx.studio.id),
        eq(companyClients.companyId, company.id),
        isNull(clients.erasedAt),
      ),
    )
    .orderBy(asc(clients.name), asc(clients.id));
}

export type CompanyMembership = {
  membership: Membership;
  plan: MembershipPlan;
  /** The effective status at ctx.now (M4). */
  status: MembershipStatus;
  grantsRights: boolean;
};

/** The memberships a company holds (M7), newest first, with their effective status. */
export async function listCompanyMemberships(ctx: Ctx, companyId: string): Promise<CompanyMembership[]> {
  requirePermission(ctx, "memberships.read");
  const company = await getCompany(ctx, companyId);
  const rows = await ctx.db
    .select({ membership: memberships, plan: membershipPlans })
    .from(memberships)
    .innerJoin(
      membershipPlans,
      and(eq(membershipPlans.studioId, memberships.studioId), eq(membershipPlans.id, memberships.planId)),
    )
    .where(and(eq(memberships.studioId, ctx.studio.id), eq(memberships.companyId, company.id)))
    .orderBy(desc(memberships.startsAt), desc(memberships.id));
  return rows.map(({ membership, plan }) => ({
    membership,
    plan,
    status: effectiveStatus(membership, ctx.now),
    grantsRights: grantsRights(membership, ctx.now),
  }));
}

/**
 * M7: links the studio's existing client with this email (matched as C1 does,
 * ignoring case and spaces) to the company. An email that is no client here is
 * refused beside the field; no client is created by linking.
 */
export async function linkClientToCompanyByEmail(
  ctx: Ctx,
  companyId: string,
  raw: { email: string },
): Promise<Pick<Client, "id" | "name">> {
  requirePermission(ctx, "clients.write");
  const company = await getCompany(ctx, companyId);
  const { email } = parseInput(z.object({ email: Email }), raw);
  const [client] = await ctx.db
    .select({ id: clients.id, name: clients.name })
    .from(clients)
    .where(
      and(
        eq(clients.studioId, ctx.studio.id),
        eq(clients.emailNormalized, normalizeEmail(email)),
        isNull(clients.erasedAt),
      ),
    );
  if (!client) throw new InvalidInputError("No client with that email.", { email: ["No client with that email."] });
  await linkClientToCompany(ctx, company.id, client.id);
  return client;
}
