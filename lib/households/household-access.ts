import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { clients, memberships, type HouseholdRole } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import type { Ctx } from "@/lib/core/ctx";
import { NotFoundError, RuleError } from "@/lib/core/errors";
import { heldMembershipsStatement, type HeldMembership } from "@/lib/memberships/client-memberships";

/**
 * Shared reads and the one write of households (H1). A household is a primary
 * customer (who pays) and the clients pointing at it through
 * `clients.household_primary_id` with a role: participants (booked and paid
 * for by the household) and additional users (adults who use the primary's
 * profile, bookings and memberships). No nesting: a member is never a primary.
 */

/** How a person relates to the signed-in member in the portal. */
export type HouseholdRelation = "me" | "primary" | "participant" | "additional_user";

/** The household a signed-in member manages: the one it is the primary of, or an additional user of. */
export type ManagedHousehold = { primaryId: string; actorRole: "primary" | "additional_user" };

function memberActorClientId(ctx: Ctx): string | null {
  return ctx.actor.kind === "member" ? ctx.actor.clientId : null;
}

/**
 * H1: the household a signed-in member acts for: as its primary (a client in no
 * household is the primary of its own, perhaps still empty, household) or as an
 * additional user of it. Null for a participant, who manages nothing, and for
 * any actor that is not a member.
 */
export async function managedHouseholdOf(ctx: Ctx): Promise<ManagedHousehold | null> {
  const me = memberActorClientId(ctx);
  if (!me) return null;
  const [row] = await ctx.db
    .select({ id: clients.id, primaryId: clients.householdPrimaryId, role: clients.householdRole })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, me), isNull(clients.erasedAt)));
  if (!row) throw new NotFoundError("Client");
  if (row.role === "participant") return null;
  return row.primaryId
    ? { primaryId: row.primaryId, actorRole: "additional_user" }
    : { primaryId: row.id, actorRole: "primary" };
}

/**
 * H1: whether the actor may book and cancel for this client. Staff and the
 * system may (the verbs check the client exists); a member may for itself and,
 * when it is the primary or an additional user, for the household's participants.
 */
export async function canActFor(ctx: Ctx, clientId: string): Promise<boolean> {
  const me = memberActorClientId(ctx);
  if (me === null) return true;
  if (clientId === me) return true;
  const managed = await managedHouseholdOf(ctx);
  if (!managed) return false;
  const [row] = await ctx.db
    .select({ id: clients.id })
    .from(clients)
    .where(
      and(
        eq(clients.studioId, ctx.studio.id),
        eq(clients.id, clientId),
        eq(clients.householdPrimaryId, managed.primaryId),
        eq(clients.householdRole, "participant"),
        isNull(clients.erasedAt),
      ),
    );
  return Boolean(row);
}

/** One person the signed-in member sees in the portal, and whether it may book and cancel for them. */
export type VisiblePerson = { id: string; name: string; relation: HouseholdRelation; canManage: boolean };

/**
 * H1: the people whose bookings a signed-in member sees: itself and, when it
 * manages a household, everyone in it (the primary, participants, additional
 * users). It may book and cancel for itself and the participants. Me first,
 * then by name.
 */
export async function visibleHouseholdPeople(ctx: Ctx): Promise<VisiblePerson[]> {
  const me = memberActorClientId(ctx);
  if (!me) return [];
  const managed = await managedHouseholdOf(ctx);
  const rows = await ctx.db
    .select({ id: clients.id, name: clients.name, role: clients.householdRole })
    .from(clients)
    .where(
      and(
        eq(clients.studioId, ctx.studio.id),
        isNull(clients.erasedAt),
        managed
          ? or(eq(clients.id, me), eq(clients.id, managed.primaryId), eq(clients.householdPrimaryId, managed.primaryId))
          : eq(clients.id, me),
      ),
    )
    .orderBy(asc(clients.name), asc(clients.id));
  const people = rows.map((r): VisiblePerson => {
    const relation: HouseholdRelation = r.id === me ? "me" : (r.role ?? "primary");
    return { id: r.id, name: r.name, relation, canManage: relation === "me" || relation === "participant" };
  });
  return [...people.filter((p) => p.relation === "me"), ...people.filter((p) => p.relation !== "me")];
}

/**
 * H1, S4: every membership that may pay for a booking of this client: its own
 * (and those inherited from a linked company, M7) and, when it belongs to a
 * household, the primary customer's own memberships (not the primary's company
 * ones: those are the primary's by employment). The caller has already decided
 * that the actor may book for this client; this only reads.
 */
export async function listPayingMemberships(ctx: Ctx, clientId: string): Promise<HeldMembership[]> {
  const held = await readPayingMemberships(ctx, clientId);
  // The primary's (not the client's own, not a company's) come after the client's own, as before.
  const ofPrimary = (h: HeldMembership) => h.membership.clientId !== clientId && h.membership.companyId === null;
  return [...held.filter((h) => !ofPrimary(h)), ...held.filter(ofPrimary)];
}

/**
 * One statement, built once (issue 20: a booking reads who may pay in one round trip): the client's own and
 * inherited memberships (as listClientMemberships reads them) and its household primary's own ones, newest first.
 */
const readPayingMemberships = heldMembershipsStatement("paying_memberships", (ctx, clientId) => {
  const primaryId = sql`(select ${clients.householdPrimaryId} from ${clients}
    where ${clients.studioId} = ${ctx.studio.id} and ${clients.id} = ${clientId})`;
  return and(isNull(memberships.companyId), sql`${memberships.clientId} = ${primaryId}`)!;
});

/**
 * H1: puts `memberId` in the household of `primaryId` with `role`, inside the
 * caller's transaction. Both rows are locked in id order, so two links racing
 * (A under B while B goes under A, or X under M while M goes under P) are
 * decided one after the other and never nest. Refuses a primary that is
 * itself a member, a member that already belongs to a household, and a member
 * that is the primary of others. Audited.
 */
export async function linkHouseholdMember(
  ctx: Ctx,
  p: { primaryId: string; memberId: string; role: HouseholdRole },
): Promise<void> {
  if (p.primaryId === p.memberId)
    throw new RuleError("household_nesting", "A client cannot be a member of their own household.");
  const rows = await ctx.db
    .select({ id: clients.id, name: clients.name, primaryId: clients.householdPrimaryId })
    .from(clients)
    .where(
      and(
        eq(clients.studioId, ctx.studio.id),
        inArray(clients.id, [p.primaryId, p.memberId]),
        isNull(clients.erasedAt),
      ),
    )
    .orderBy(asc(clients.id))
    .for("update");
  const primary = rows.find((r) => r.id === p.primaryId);
  const member = rows.find((r) => r.id === p.memberId);
  if (!primary || !member) throw new NotFoundError("Client");
  if (primary.primaryId) {
    throw new RuleError(
      "household_nesting",
      `${primary.name} is a member of another household, so they cannot be a primary customer.`,
    );
  }
  if (member.primaryId === p.primaryId)
    throw new RuleError("already_in_household", `${member.name} is already in this household.`);
  if (member.primaryId)
    throw new RuleError("already_in_household", `${member.name} already belongs to another household.`);
  const [dependant] = await ctx.db
    .select({ id: clients.id })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.householdPrimaryId, p.memberId)))
    .limit(1);
  if (dependant) {
    throw new RuleError(
      "household_nesting",
      `${member.name} is the primary customer of their own household, so they cannot join another.`,
    );
  }
  await ctx.db
    .update(clients)
    .set({ householdPrimaryId: p.primaryId, householdRole: p.role, updatedAt: ctx.now })
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, p.memberId)));
  await audit(ctx, {
    action: "household.member_added",
    table: "clients",
    rowId: p.memberId,
    data: { primaryId: p.primaryId, role: p.role },
  });
}
