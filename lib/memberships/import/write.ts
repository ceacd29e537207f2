import { sql } from "drizzle-orm";
import type { MembershipPlan } from "@/db/schema";
import { findOrCreateClientsBatch } from "@/lib/clients/find-or-create-client";
import { actorId, type Ctx } from "@/lib/core/ctx";
import { at, rowsOf } from "@/lib/core/sql";
import type { ValidRow } from "./rows";

/** A column of values as one array parameter (text; the statement casts it). */
const column = (values: (string | number | null)[]) => sql.param(values.map((v) => (v === null ? null : String(v))));

/**
 * Writes one batch of valid rows inside the import's transaction, with the
 * rules of assignMembership in set form: each client found or created by
 * normalised email (C1, source "import"); each membership inserted active with
 * source "import", skipped when the same client, plan and start already exists
 * (M10, the unique index memberships_client_plan_start_key); a session pack's
 * count recorded as its "purchased" ledger row (S2); member-since set once,
 * never moved later (C3, as markMemberSince). Imported rows record no payment.
 * Two statements for the clients and one for the rest, whatever the batch size.
 * Returns how many memberships are new.
 */
export async function writeImportBatch(ctx: Ctx, plan: MembershipPlan, rows: ValidRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  // A client this batch creates gets every one of its rows' memberships (nothing of theirs can exist yet, and the
  // file has no duplicate email and start), so it is created a member since its earliest start (C3): one write of
  // the new row instead of an insert and then an update of every one of its indexes.
  const since = new Map<string, Date>();
  for (const r of rows) {
    const s = since.get(r.emailNormalized);
    if (!s || r.startsAt < s) since.set(r.emailNormalized, r.startsAt);
  }
  const clientIds = await findOrCreateClientsBatch(
    ctx,
    rows.map((r) => ({ email: r.email, name: r.name, phone: r.phone, memberSince: since.get(r.emailNormalized) })),
    "import",
  );
  const pack = plan.kind === "sessions";
  const now = at(ctx.now);

  const result = await ctx.db.execute(sql`
    with input as (
      select * from unnest(
        ${column(rows.map((r) => clientIds.get(r.emailNormalized)!))}::text[]::uuid[],
        ${column(rows.map((r) => r.startsAt.toISOString()))}::text[]::timestamptz[],
        ${column(rows.map((r) => r.endsAt?.toISOString() ?? null))}::text[]::timestamptz[],
        ${column(rows.map((r) => r.sessions))}::text[]::int[],
        ${column(rows.map((r) => r.paypalSubscriptionId ?? null))}::text[]
      ) as i(client_id, starts_at, ends_at, sessions, paypal_subscription_id)
    ),
    created as (
      insert into memberships (studio_id, plan_id, client_id, status, source, starts_at, ends_at,
                               sessions_total, sessions_remaining, paypal_subscription_id, created_at, updated_at)
      select ${ctx.studio.id}, ${plan.id}, client_id, 'active', 'import', starts_at, ends_at,
             ${pack ? plan.sessions : null}::int, sessions, paypal_subscription_id, ${now}, ${now}
      from input
      on conflict do nothing
      returning id, client_id, starts_at, sessions_remaining
    ),
    ledger as (
      insert into membership_ledger (studio_id, membership_id, delta, balance_after, reason, actor_type, actor_id, note, at)
      select ${ctx.studio.id}, id, sessions_remaining, sessions_remaining, 'purchased', ${ctx.actor.kind}, ${actorId(ctx.actor)},
             case when sessions_remaining <> ${plan.sessions}::int
                  then 'Started with ' || sessions_remaining || ' of ' || ${plan.sessions}::int || ' sessions' end,
             ${now}
      from created
      where ${sql.raw(pack ? "true" : "false")}
    ),
    member_since as (
      update clients c
      set member_since = least(coalesce(c.member_since, f.starts_at), f.starts_at)
      from (select client_id, min(starts_at) as starts_at from created group by client_id) f
      where c.studio_id = ${ctx.studio.id} and c.id = f.client_id
        and (c.member_since is null or c.member_since > f.starts_at)
    )
    select count(*)::int as n from created`);
  const out = rowsOf<{ n: number }>(result);
  return out[0]?.n ?? 0;
}
