import { and, asc, eq, inArray, sql } from "drizzle-orm";
import {
  apiKeys,
  auditLog,
  companies,
  membershipLedger,
  users,
  type LedgerReason,
  type Membership,
  type MembershipPlan,
  type MembershipStatus,
} from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requireMemberActor, requirePermission } from "@/lib/core/permissions";
import { ForbiddenError, NotFoundError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/validation";
import { listClientMemberships } from "./client-memberships";
import { loadMembership } from "./get-membership";

/** Who made a change, as staff see it: the kind of actor and, where known, a name. */
export type HistoryActor = { type: string; name: string | null };

/** One change of the session count (S2). */
export type LedgerHistoryEntry = {
  kind: "ledger";
  id: string;
  at: Date;
  reason: LedgerReason;
  delta: number;
  balanceAfter: number;
  note: string | null;
  bookingId: string | null;
  actor: HistoryActor;
};

/** One audited change of the membership itself (created, cancelled, suspended, extended, end changed, expired). */
export type EventHistoryEntry = {
  kind: "event";
  id: string;
  at: Date;
  action: string;
  data: Record<string, unknown> | null;
  actor: HistoryActor;
};

export type MembershipHistoryEntry = LedgerHistoryEntry | EventHistoryEntry;

/**
 * A name for an actor id: the user's name (or email) for staff and members,
 * the key's name for an API key. Ids are stored as text, so the joins compare
 * text and never cast a value that is not a UUID.
 */
function actorName(table: typeof membershipLedger | typeof auditLog) {
  return {
    userName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
    keyName: apiKeys.name,
    joinUser: and(sql`${table.actorType} in ('staff', 'member')`, sql`${users.id}::text = ${table.actorId}`),
    joinKey: and(
      eq(apiKeys.studioId, table.studioId),
      sql`${table.actorType} = 'api'`,
      sql`${apiKeys.id}::text = ${table.actorId}`,
    ),
  };
}

function toActor(type: string, userName: string | null, keyName: string | null): HistoryActor {
  return { type, name: type === "api" ? keyName : type === "system" ? null : userName };
}

/** Equal times: the creation first, then the count changes it caused, then the other events. */
function rank(e: MembershipHistoryEntry): number {
  if (e.kind === "event" && e.action === "membership.created") return 0;
  return e.kind === "ledger" ? 1 : 2;
}

/**
 * The whole history of one membership for staff ("user logs"): every ledger
 * row (S2: delta, count after, reason, who, note) merged with the audited
 * changes of the membership (M8 cancel, M9 suspend, S5 extend, end changed, M4
 * expiry), oldest first. Another studio's membership is not found.
 */
export async function getMembershipHistory(ctx: Ctx, membershipId: string): Promise<MembershipHistoryEntry[]> {
  requirePermission(ctx, "memberships.read");
  const m = await loadMembership(ctx, membershipId);

  const l = actorName(membershipLedger);
  const ledgerRows = await ctx.db
    .select({ row: membershipLedger, userName: l.userName, keyName: l.keyName })
    .from(membershipLedger)
    .leftJoin(users, l.joinUser)
    .leftJoin(apiKeys, l.joinKey)
    .where(and(eq(membershipLedger.studioId, ctx.studio.id), eq(membershipLedger.membershipId, m.id)))
    .orderBy(asc(membershipLedger.id));

  const a = actorName(auditLog);
  const auditRows = await ctx.db
    .select({ row: auditLog, userName: a.userName, keyName: a.keyName })
    .from(auditLog)
    .leftJoin(users, a.joinUser)
    .leftJoin(apiKeys, a.joinKey)
    .where(and(eq(auditLog.studioId, ctx.studio.id), eq(auditLog.tableName, "memberships"), eq(auditLog.rowId, m.id)))
    .orderBy(asc(auditLog.id));

  const entries: MembershipHistoryEntry[] = [
    ...ledgerRows.map(({ row, userName, keyName }): LedgerHistoryEntry => ({
      kind: "ledger",
      id: `ledger-${row.id}`,
      at: row.at,
      reason: row.reason,
      delta: row.delta,
      balanceAfter: row.balanceAfter,
      note: row.note,
      bookingId: row.bookingId,
      actor: toActor(row.actorType, userName, keyName),
    })),
    ...auditRows.map(({ row, userName, keyName }): EventHistoryEntry => ({
      kind: "event",
      id: `event-${row.id}`,
      at: row.at,
      action: row.action,
      data: row.data,
      actor: toActor(row.actorType, userName, keyName),
    })),
  ];
  // Array.prototype.sort is stable, so rows of one kind keep their id order.
  return entries.sort((x, y) => x.at.getTime() - y.at.getTime() || rank(x) - rank(y));
}

/** A ledger row as its member sees it: when, what, and the count after. No staff names or notes. */
export type MyLedgerEntry = { at: Date; reason: LedgerReason; delta: number; balanceAfter: number };

/** One membership the signed-in member holds or inherits, with its history. */
export type MyMembership = {
  membership: Pick<
    Membership,
    "id" | "startsAt" | "endsAt" | "sessionsTotal" | "sessionsRemaining" | "suspendedFrom" | "suspendedUntil"
  >;
  plan: Pick<MembershipPlan, "id" | "name" | "kind">;
  status: MembershipStatus;
  grantsRights: boolean;
  inherited: boolean;
  /** The company it is inherited through (M7). */
  companyName: string | null;
  history: MyLedgerEntry[];
};

function requireMember(ctx: Ctx): string {
  requireMemberActor(ctx);
  if (ctx.actor.kind !== "member") throw new ForbiddenError("Only the member can see their own memberships here.");
  return ctx.actor.clientId;
}

async function myLedger(ctx: Ctx, membershipIds: string[]): Promise<Map<string, MyLedgerEntry[]>> {
  const byMembership = new Map<string, MyLedgerEntry[]>();
  if (!membershipIds.length) return byMembership;
  const rows = await ctx.db
    .select({
      membershipId: membershipLedger.membershipId,
      at: membershipLedger.at,
      reason: membershipLedger.reason,
      delta: membershipLedger.delta,
      balanceAfter: membershipLedger.balanceAfter,
    })
    .from(membershipLedger)
    .where(and(eq(membershipLedger.studioId, ctx.studio.id), inArray(membershipLedger.membershipId, membershipIds)))
    .orderBy(asc(membershipLedger.id));
  for (const { membershipId, ...entry } of rows) {
    const list = byMembership.get(membershipId) ?? [];
    list.push(entry);
    byMembership.set(membershipId, list);
  }
  return byMembership;
}

/**
 * The portal's "My memberships": every membership the signed-in member holds
 * or inherits through a linked company (M5, M7), newest first, with the
 * effective status (M4) and each one's ledger (S2). Members only: a staff ctx
 * is refused, so nobody reads another person's memberships through it.
 */
export async function listMyMemberships(ctx: Ctx): Promise<MyMembership[]> {
  const clientId = requireMember(ctx);
  const held = await listClientMemberships(ctx, clientId);
  const companyIds = [...new Set(held.map((h) => h.membership.companyId).filter((id): id is string => id !== null))];
  const names = new Map<string, string>();
  if (companyIds.length) {
    const rows = await ctx.db
      .select({ id: companies.id, name: companies.name })
      .from(companies)
      .where(and(eq(companies.studioId, ctx.studio.id), inArray(companies.id, companyIds)));
    for (const r of rows) names.set(r.id, r.name);
  }
  const ledger = await myLedger(
    ctx,
    held.map((h) => h.membership.id),
  );
  return held.map((h) => ({
    membership: {
      id: h.membership.id,
      startsAt: h.membership.startsAt,
      endsAt: h.membership.endsAt,
      sessionsTotal: h.membership.sessionsTotal,
      sessionsRemaining: h.membership.sessionsRemaining,
      suspendedFrom: h.membership.suspendedFrom,
      suspendedUntil: h.membership.suspendedUntil,
    },
    plan: { id: h.plan.id, name: h.plan.name, kind: h.plan.kind },
    status: h.status,
    grantsRights: h.grantsRights,
    inherited: h.inherited,
    companyName: h.membership.companyId ? (names.get(h.membership.companyId) ?? null) : null,
    history: ledger.get(h.membership.id) ?? [],
  }));
}

/**
 * The ledger of one membership for the member who holds it (or inherits it
 * while linked to its company). Anyone else's membership is not found.
 */
export async function getMyMembershipHistory(ctx: Ctx, membershipId: string): Promise<MyLedgerEntry[]> {
  const clientId = requireMember(ctx);
  if (!isUuid(membershipId)) throw new NotFoundError("Membership");
  const held = await listClientMemberships(ctx, clientId);
  if (!held.some((h) => h.membership.id === membershipId)) throw new NotFoundError("Membership");
  return (await myLedger(ctx, [membershipId])).get(membershipId) ?? [];
}
