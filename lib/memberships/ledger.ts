import { and, eq, sql } from "drizzle-orm";
import { membershipLedger, type LedgerReason } from "@/db/schema";
import { actorId, type Ctx } from "@/lib/core/ctx";
import { at, rowsOf } from "@/lib/core/sql";

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
  // One statement (issue 20: a round trip less per change): the guarded UPDATE, and the ledger row written from what
  // it returned, so a change that does not match writes no row.
  const [row] = rowsOf<{ remaining: number | null }>(
    await ctx.db.execute(sql`
      with changed as (
        update memberships
           set sessions_remaining = sessions_remaining + ${entry.delta}::int, updated_at = ${at(ctx.now)}
         where studio_id = ${ctx.studio.id}::uuid and id = ${entry.membershipId}::uuid
           and sessions_remaining + ${entry.delta}::int >= 0
        returning sessions_remaining
      ), entry as (
        insert into membership_ledger
               (studio_id, membership_id, delta, balance_after, reason, actor_type, actor_id, booking_id, note, at)
        select ${ctx.studio.id}::uuid, ${entry.membershipId}::uuid, ${entry.delta}::int, changed.sessions_remaining,
               ${entry.reason}::ledger_reason, ${ctx.actor.kind}::text, ${actorId(ctx.actor)}::text,
               ${entry.bookingId ?? null}::uuid, ${entry.note ?? null}::text, ${at(ctx.now)}
          from changed
         where changed.sessions_remaining is not null
      )
      select sessions_remaining as remaining from changed`),
  );
  if (!row || row.remaining === null) return null;
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
