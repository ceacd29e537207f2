/**
 * Measure 5 of the benchmark (issue 8): the expiry sweep (M4) over 200,000
 * session packs with one in ten due (each due pack's forfeited sessions are a
 * ledger row, checked to be written), against one hand-written UPDATE doing the
 * bare status change on the same rows.
 *
 * It works in a scratch studio of its own, made fresh each run under a unique
 * name: the sweep writes an audit row per membership and the audit log is
 * append-only, so a studio it has swept cannot be deleted. Its memberships,
 * plan and clients are deleted at the end; the studio, its owner and the audit
 * rows stay (small, and under a name the generator's `--reuse` never picks up).
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { at, rowsOf } from "@/lib/core/sql";
import { expireDueMemberships } from "@/lib/memberships/expire-due";
import { createStudio } from "@/lib/studios/create-studio";
import { printTable } from "./stats";

export const SWEEP_TARGET_RATIO = 3;
/** Sessions in the scratch plan's pack. */
const PACK = 10;

export type SweepBenchResult = {
  memberships: number;
  due: number;
  rounds: number;
  /** Best of the rounds, seconds. */
  sweepSeconds: number;
  updateSeconds: number;
  /** sweep ÷ UPDATE (lower is better; the target is ≤ 3). */
  ratio: number;
  pass: boolean;
  setupSeconds: number;
};

/**
 * The scratch studio's memberships: 10-session packs, each opened by its purchase in the ledger (S2), `1 / dueEvery`
 * of them ended by `now` (the last day before it) with their sessions unused, so the sweep writes a forfeit ledger
 * row for each (M4) as well as the status and the audit row; clients hold ten each.
 */
async function fill(db: Db, studioId: string, planId: string, count: number, dueEvery: number, now: Date) {
  const clientCount = Math.ceil(count / 10);
  await db.execute(sql`
    insert into membership_plans (studio_id, id, name, kind, price_cents, currency, duration_days, sessions)
    values (${studioId}::uuid, ${planId}::uuid, 'Ten classes in ten weeks', 'sessions', 12000, 'EUR', 70, ${PACK})`);
  await db.execute(sql`
    insert into clients (studio_id, id, name, email, email_normalized, source, created_at, updated_at)
    select ${studioId}::uuid, md5(${studioId} || ':client:' || i)::uuid, 'Sweep Client ' || i,
           'sweep' || i || '@bench.roster.test', 'sweep' || i || '@bench.roster.test', 'import', now(), now()
      from generate_series(0, ${clientCount - 1}) as i`);
  // Starts one second apart, so each (client, plan, start) is unique; a due one ended up to a day ago, the rest end within 70 days.
  await db.execute(sql`
    insert into memberships (studio_id, plan_id, client_id, status, source, starts_at, ends_at, sessions_total, sessions_remaining, created_at, updated_at)
    select ${studioId}::uuid, ${planId}::uuid, md5(${studioId} || ':client:' || (i % ${clientCount}))::uuid, 'active', 'import',
           ${at(now)} - interval '80 days' - i * interval '1 second',
           case when i % ${dueEvery} = 0
                then ${at(now)} - interval '1 minute' - (i % 1440) * interval '1 minute'
                else ${at(now)} + interval '1 hour' + (i % 70) * interval '1 day' end,
           ${PACK}, ${PACK}, now(), now()
      from generate_series(0, ${count - 1}) as i`);
  await db.execute(sql`
    insert into membership_ledger (studio_id, membership_id, delta, balance_after, reason, actor_type, at)
    select studio_id, id, ${PACK}, ${PACK}, 'purchased', 'system', starts_at from memberships where studio_id = ${studioId}::uuid`);
  await db.execute(sql`vacuum analyze memberships, membership_ledger, clients`);
}

/** Puts the swept memberships back as they were before either run: active, their sessions and ledgers as bought. */
async function restore(db: Db, studioId: string) {
  await db.execute(sql`delete from membership_ledger where studio_id = ${studioId}::uuid and reason = 'expired'`);
  await db.execute(sql`
    update memberships set status = 'active', sessions_remaining = ${PACK}, updated_at = now()
     where studio_id = ${studioId}::uuid and status = 'expired'`);
  await db.execute(sql`vacuum analyze memberships, membership_ledger`);
}

/** The forfeit rows the last sweep wrote (one per due pack, all its sessions). */
async function forfeits(db: Db, studioId: string): Promise<number> {
  return rowsOf<{ n: number }>(
    await db.execute(sql`
      select count(*)::int as n from membership_ledger
       where studio_id = ${studioId}::uuid and reason = 'expired' and delta = ${-PACK}`),
  )[0]!.n;
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await fn();
  return [(performance.now() - t) / 1000, v];
}

/**
 * Measure 5: `expireDueMemberships` (M4: status, forfeited sessions in the
 * ledger, an audit row each, one set-based statement) scoped to the scratch
 * studio, against `UPDATE memberships SET status = 'expired' WHERE studio_id = …
 * AND ends_at <= now AND status = 'active'` on the same rows, restored and
 * vacuumed between runs; `rounds` alternations, best of each kept.
 */
export async function benchSweep(
  db: Db,
  _url: string,
  opts: { memberships?: number; dueEvery?: number; rounds?: number } = {},
): Promise<SweepBenchResult> {
  const count = opts.memberships ?? 200_000;
  const dueEvery = opts.dueEvery ?? 10;
  const rounds = opts.rounds ?? 2;
  const due = Math.ceil(count / dueEvery);
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
  // The sweep's instant is two days ahead: nothing here is due before then, so an app server sweeping the same
  // database on its timer (a measure running `next start`) never expires these rows under the bench.
  const now = new Date(Date.now() + 2 * 24 * 3600 * 1000);

  const setupStart = performance.now();
  const { studio } = await createStudio(db, {
    name: `Sweep Scratch ${tag}`,
    timezone: "UTC",
    ownerEmail: `sweep.${tag}@bench.roster.test`,
    ownerPassword: "bench-password-2026",
  });
  const planId = randomUUID();
  try {
    await fill(db, studio.id, planId, count, dueEvery, now);
    const setupSeconds = (performance.now() - setupStart) / 1000;

    const sweeps: number[] = [];
    const updates: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const [s, swept] = await timed(() => expireDueMemberships(db, now, studio.id));
      if (swept !== due) throw new Error(`The sweep expired ${swept} memberships, ${due} were due`);
      const written = await forfeits(db, studio.id);
      if (written !== due) throw new Error(`The sweep wrote ${written} forfeit ledger rows, ${due} packs were due`);
      sweeps.push(s);
      await restore(db, studio.id);

      const [u, updated] = await timed(
        async () =>
          rowsOf<{ n: number }>(
            await db.execute(sql`
            with expired as (
              update memberships set status = 'expired'
               where studio_id = ${studio.id}::uuid and ends_at <= ${at(now)} and status = 'active'
              returning 1)
            select count(*)::int as n from expired`),
          )[0]!.n,
      );
      if (updated !== due) throw new Error(`The UPDATE expired ${updated} memberships, ${due} were due`);
      updates.push(u);
      await restore(db, studio.id);
    }

    const sweepSeconds = Math.min(...sweeps);
    const updateSeconds = Math.min(...updates);
    const ratio = sweepSeconds / updateSeconds;
    const out: SweepBenchResult = {
      memberships: count,
      due,
      rounds,
      sweepSeconds,
      updateSeconds,
      ratio,
      pass: ratio <= SWEEP_TARGET_RATIO,
      setupSeconds,
    };
    const all = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(", ");
    printTable(
      `Expiry sweep over ${count.toLocaleString("en")} memberships, ${due.toLocaleString("en")} due (best of ${rounds}; target within ${SWEEP_TARGET_RATIO}× the UPDATE)`,
      ["path", "seconds", "runs", "rows/s", "sweep ÷ UPDATE", "target"],
      [
        [
          "expireDueMemberships (M4: + forfeit ledger row, audit row each)",
          sweepSeconds.toFixed(3),
          all(sweeps),
          Math.round(due / sweepSeconds).toLocaleString("en"),
          `${ratio.toFixed(2)}×`,
          out.pass ? "pass" : "short",
        ],
        [
          "hand-written UPDATE (baseline)",
          updateSeconds.toFixed(3),
          all(updates),
          Math.round(due / updateSeconds).toLocaleString("en"),
          "",
          "",
        ],
      ],
    );
    return out;
  } finally {
    // The scratch studio's rows, children first; its audit rows stay (append-only), and so does the studio they belong to.
    await db.transaction(async (tx) => {
      await tx.execute(sql`delete from membership_ledger where studio_id = ${studio.id}::uuid`);
      await tx.execute(sql`delete from memberships where studio_id = ${studio.id}::uuid`);
      await tx.execute(sql`delete from membership_plans where studio_id = ${studio.id}::uuid`);
      await tx.execute(sql`delete from clients where studio_id = ${studio.id}::uuid`);
    });
    await db.execute(sql`vacuum analyze memberships, clients`);
  }
}
