/**
 * A3: what the per-request session check costs. Every dashboard, portal and
 * embed request now looks its session up by primary key (isSessionLive in
 * lib/auth/sessions.ts); this measures that lookup alone, with a sessions
 * table of `--rows` rows, against a trivial query on the same connection
 * (the round trip every request pays anyway).
 *
 *   npx tsx bench/session-check.ts                 (in-memory PGlite)
 *   DATABASE_URL=postgres://… npx tsx bench/session-check.ts --rows 100000
 *
 * On Postgres it uses its own database `<name>_session_bench`, made afresh.
 */
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, postgresArgs, type DatabaseHandle } from "@/db";
import { sessions, users } from "@/db/schema";
import { hashOneTimeToken } from "@/lib/auth/one-time-token";
import { isSessionLive, startSession } from "@/lib/auth/sessions";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function open(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (!url) return openDatabase({ kind: "pglite" });
  const target = new URL(url);
  const name = `${target.pathname.slice(1) || "postgres"}_session_bench`;
  const admin = postgres(...postgresArgs(url, { max: 1, onnotice: () => {} }));
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  target.pathname = `/${name}`;
  return openDatabase({ kind: "postgres", url: target.toString(), max: 1 });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(label: string, n: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 200; i++) await fn(); // warm up
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  xs.sort((a, b) => a - b);
  const row = { label, n, p50: percentile(xs, 50), p95: percentile(xs, 95), p99: percentile(xs, 99) };
  console.log(
    `${label.padEnd(34)} p50 ${row.p50.toFixed(3)} ms  p95 ${row.p95.toFixed(3)} ms  p99 ${row.p99.toFixed(3)} ms  (n=${n})`,
  );
  return row;
}

async function main() {
  const rows = arg("rows", 20_000);
  const n = arg("iterations", 3000);
  const handle = await open();
  const { db } = handle;
  const [user] = await db
    .insert(users)
    .values({ email: `bench.${Date.now()}@example.test` })
    .returning();
  const now = new Date();
  const expires = new Date(now.getTime() + 3600_000);
  for (let i = 0; i < rows; i += 1000) {
    await db.insert(sessions).values(
      Array.from({ length: Math.min(1000, rows - i) }, (_, j) => ({
        sessionToken: hashOneTimeToken(`filler-${i + j}`),
        userId: user!.id,
        expires,
      })),
    );
  }
  const sid = await startSession(db, user!.id, now);
  console.log(`${handle.kind}, sessions table: ${rows + 1} rows`);
  const base = await time("round trip (select 1)", n, () => db.execute(sql`select 1`));
  const check = await time("isSessionLive (hit)", n, () => isSessionLive(db, user!.id, sid, now));
  await time("isSessionLive (unknown id)", n, () => isSessionLive(db, user!.id, "x".repeat(43), now));
  console.log(
    `added per request: p50 ${(check.p50 - 0).toFixed(3)} ms (of which ${base.p50.toFixed(3)} ms is the round trip any query pays)`,
  );
  await handle.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
