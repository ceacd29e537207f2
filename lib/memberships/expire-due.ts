import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { at, rowsOf } from "@/lib/core/sql";
import { emitStudioEvent, studiosListening } from "@/lib/webhooks/internal";

/**
 * M4's sweep: writes `expired` on every membership whose end has passed, with
 * an audit row each, and for session packs an `expired` ledger row that takes
 * the unused sessions (S2). Set-based (one statement for any number of rows)
 * and idempotent (a second run finds nothing). Rights never wait for it: every
 * decision reads the effective status, which is already expired at the end.
 * Limited to one studio when `studioId` is given (the API), else all (the timer).
 */
export async function expireDueMemberships(db: Db, now: Date, studioId?: string): Promise<number> {
  // X2: the `membership.expired` events are recorded in the sweep's own transaction.
  return db.transaction(async (tx) => expireIn(tx as unknown as Db, now, studioId));
}

async function expireIn(db: Db, now: Date, studioId?: string): Promise<number> {
  const scope = studioId ? sql`and m.studio_id = ${studioId}` : sql``;
  const result = await db.execute(sql`
    with due as (
      select m.studio_id, m.id, m.sessions_remaining
      from memberships m
      where m.status in ('active', 'past_due', 'suspended') and m.ends_at is not null and m.ends_at <= ${at(now)} ${scope}
      for update skip locked
    ),
    expired as (
      update memberships m
      set status = 'expired',
          sessions_remaining = case when m.sessions_remaining is null then null else 0 end,
          updated_at = ${at(now)}
      from due
      where m.studio_id = due.studio_id and m.id = due.id
      returning m.studio_id, m.id, due.sessions_remaining as forfeited
    ),
    ledger as (
      insert into membership_ledger (studio_id, membership_id, delta, balance_after, reason, actor_type, at)
      select studio_id, id, -forfeited, 0, 'expired', 'system', ${at(now)} from expired where forfeited > 0
    ),
    audited as (
      insert into audit_log (studio_id, actor_type, action, table_name, row_id, data, at)
      select studio_id, 'system', 'membership.expired', 'memberships', id::text,
             jsonb_build_object('forfeitedSessions', coalesce(forfeited, 0)), ${at(now)}
      from expired
    )
    select studio_id as "studioId", id from expired`);
  const rows = rowsOf<{ studioId: string; id: string }>(result);
  const listening = await studiosListening(
    db,
    rows.map((r) => r.studioId),
    "membership.expired",
  );
  for (const r of rows)
    if (listening.has(r.studioId))
      await emitStudioEvent(db, r.studioId, now, "membership.expired", { id: r.id, status: "expired" });
  return rows.length;
}
