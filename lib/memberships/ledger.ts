import { and, eq, sql } from "drizzle-orm";
import { membershipLedger, memberships, type LedgerReason } from "@/db/schema";
import { actorId, type Ctx } from "@/lib/core/ctx";

export type LedgerEntry = {
  membershipId: string;
  delta: number;
  reason: LedgerReason;
  bookingId?: string | null;
  note?: string | null;
};

/**
 * S2, S3: changes a membership's session count and writes its ledger row, as
 * one check-and-change: the UPDATE only matches while the count stays at or
 * above zero, so concurrent spenders of the last session cannot both win.
 * Returns the count after, or null when the change would go below zero (or the
 * membership has no session count). Call inside the caller's transaction.
 */
export async function changeSessions(ctx: Ctx, entry: LedgerEntry): Promise<number | null> {
  const [row] = await ctx.db
    .update(memberships)
    .set({ sessionsRemaining: sql`${memberships.sessionsRemaining} + ${entry.delta}`, updatedAt: ctx.now })
    .where(
      and(
        eq(memberships.studioId, ctx.studio.id),
        eq(memberships.id, entry.membershipId),
        sql`${memberships.sessionsRemaining} + ${entry.delta} >= 0`,
      ),
    )
    .returning({ remaining: memberships.sessionsRemaining });
  if (!row || row.remaining === null) return null;
  await ctx.db.insert(membershipLedger).values({
    studioId: ctx.studio.id,
    membershipId: entry.membershipId,
    delta: entry.delta,
    balanceAfter: row.remaining,
    reason: entry.reason,
    actorType: ctx.actor.kind,
    actorId: actorId(ctx.actor),
    bookingId: entry.bookingId ?? null,
    note: entry.note ?? null,
    at: ctx.now,
  });
  return row.remaining;
}

/** S2: a membership's ledger, oldest first. Checks no permission (`load*`): `getMembershipLedger` is the read for callers. */
export async function loadLedger(ctx: Ctx, membershipId: string) {
  return ctx.db
    .select()
    .from(membershipLedger)
    .where(and(eq(membershipLedger.studioId, ctx.studio.id), eq(membershipLedger.membershipId, membershipId)))
    .orderBy(membershipLedger.id);
}

/** @deprecated The name said "checked read"; it is `loadLedger` (get* checks permission, load* does not). */
export const listLedger = loadLedger;
