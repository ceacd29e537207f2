import { and, asc, eq, isNull, or } from "drizzle-orm";
import { z } from "zod";
import { clients, type HouseholdRole } from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { ForbiddenError, NotFoundError } from "@/lib/core/errors";
import { parseInput } from "@/lib/core/validation";
import { managedHouseholdOf } from "./household-access";

export const ListHouseholdInput = z.object({
  /** Staff: any client of the household (its primary or a member). A member lists the household it manages. */
  clientId: z.uuid({ error: "Choose a client." }).optional(),
});
export type ListHouseholdInput = z.input<typeof ListHouseholdInput>;

export type HouseholdPerson = {
  id: string;
  name: string;
  email: string | null;
  /** The person has a portal login. */
  hasLogin: boolean;
  /** H3: staff turned the person's portal access off. */
  portalDisabled: boolean;
};
export type HouseholdMember = HouseholdPerson & { role: HouseholdRole };

export type Household = {
  primary: HouseholdPerson;
  /** Participants first, then additional users, each by name. */
  members: HouseholdMember[];
  /** The role of the client asked about (staff) or of the signed-in member. */
  role: "primary" | HouseholdRole;
};

const personColumns = {
  id: clients.id,
  name: clients.name,
  email: clients.email,
  userId: clients.userId,
  portalDisabled: clients.portalDisabled,
  primaryId: clients.householdPrimaryId,
  role: clients.householdRole,
};

/**
 * H1: a household: its primary customer and its members with their roles. A
 * client in no household reads as the primary of an empty one. Staff ask
 * about any client (a member leads to its primary's household); a member
 * signed in to the portal sees the household it is the primary or an
 * additional user of (a participant manages none: forbidden). Another
 * studio's client is "not found".
 */
export async function listHousehold(ctx: Ctx, raw: ListHouseholdInput = {}): Promise<Household> {
  requirePermission(ctx, "clients.read", { orMember: true });
  const input = parseInput(ListHouseholdInput, raw);
  let primaryId: string;
  let askedId: string;
  if (ctx.actor.kind === "member") {
    const managed = await managedHouseholdOf(ctx);
    if (!managed) throw new ForbiddenError("Only the primary customer or an additional user can see the household.");
    if (input.clientId && input.clientId !== ctx.actor.clientId) throw new NotFoundError("Client");
    primaryId = managed.primaryId;
    askedId = ctx.actor.clientId;
  } else {
    if (!input.clientId) throw new NotFoundError("Client");
    const [asked] = await ctx.db
      .select({ id: clients.id, primaryId: clients.householdPrimaryId })
      .from(clients)
      .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, input.clientId), isNull(clients.erasedAt)));
    if (!asked) throw new NotFoundError("Client");
    primaryId = asked.primaryId ?? asked.id;
    askedId = asked.id;
  }

  const rows = await ctx.db
    .select(personColumns)
    .from(clients)
    .where(
      and(
        eq(clients.studioId, ctx.studio.id),
        isNull(clients.erasedAt),
        or(eq(clients.id, primaryId), eq(clients.householdPrimaryId, primaryId)),
      ),
    )
    .orderBy(asc(clients.name), asc(clients.id));
  const toPerson = (r: (typeof rows)[number]): HouseholdPerson => ({
    id: r.id,
    name: r.name,
    email: r.email,
    hasLogin: r.userId !== null,
    portalDisabled: r.portalDisabled,
  });
  const primaryRow = rows.find((r) => r.id === primaryId);
  if (!primaryRow) throw new NotFoundError("Client");
  const members = rows
    .filter((r) => r.primaryId === primaryId && r.role)
    .map((r): HouseholdMember => ({ ...toPerson(r), role: r.role! }))
    .sort((a, b) => (a.role === b.role ? 0 : a.role === "participant" ? -1 : 1));
  const asked = rows.find((r) => r.id === askedId);
  return { primary: toPerson(primaryRow), members, role: asked?.role ?? "primary" };
}
