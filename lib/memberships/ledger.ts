import { and, eq, sql } from "drizzle-orm";
import { membershipLedger, type LedgerReason } from "@/db/schema";
import { actorId, type Ctx } from "@/lib/core/ctx";
import { statement } from "@/lib/core/statements";

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
  const [row] = await changeSessionsStatement(ctx.db, {
    studioId: ctx.studio.id,
    membershipId: entry.membershipId,
    delta: entry.delta,
    reason: entry.reason,
    actorType: ctx.actor.kind,
    actorId: actorId(ctx.actor),
    bookingId: entry.bookingId ?? null,
    note: entry.note ?? null,
    at: ctx.now.toISOString(),
  });
  return row?.remaining ?? null;
}

/**
 * One statement (issue 20: a round trip less per change): the guarded UPDATE, and the ledger row written from what
 * it returned, so a change that does not match writes no row. Built once and prepared (every booking and cancel of a
 * pack runs it: parsed and planned per call it cost the server more than it took to run).
 */
const changeSessionsStatement = statement(
  (
    db,
    $: {
      studioId: string;
      membershipId: string;
      delta: number;
      reason: LedgerReason;
      actorType: string;
      actorId: string | null;
      bookingId: string | null;
      note: string | null;
      at: string;
    },
  ) => {
    const changed = db.$with("changed", { remaining: sql<number | null>`remaining`.as("remaining") }).as(sql`
      update memberships
         set sessions_remaining = sessions_remaining + ${$.delta}::int, updated_at = ${$.at}::timestamptz
       where studio_id = ${$.studioId}::uuid and id = ${$.membershipId}::uuid
         and sessions_remaining + ${$.delta}::int >= 0
      returning sessions_remaining as remaining`);
    const written = db.$with("entry", {}).as(sql`
      insert into membership_ledger
             (studio_id, membership_id, delta, balance_after, reason, actor_type, actor_id, booking_id, note, at)
      select ${$.studioId}::uuid, ${$.membershipId}::uuid, ${$.delta}::int, changed.remaining,
             ${$.reason}::ledger_reason, ${$.actorType}::text, ${$.actorId}::text, ${$.bookingId}::uuid,
             ${$.note}::text, ${$.at}::timestamptz
        from changed
       where changed.remaining is not null`);
    return db.with(changed, written).select({ remaining: changed.remaining }).from(changed).prepare("change_sessions");
  },
);

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
