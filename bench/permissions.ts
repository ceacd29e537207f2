/**
 * Measure 6 of the benchmark (issue 8): permissions look-ups over HTTP.
 *
 * `GET /api/v1/clients/{id}/permissions` is what a door or a studio's website
 * asks before letting a member in: the app resolves the bearer key to its
 * studio (and counts the request against the key's limit), finds the client
 * and unions the permissions of every membership that grants rights now (M2,
 * M3, M7). Concurrent keep-alive clients send it for clients of the largest
 * studio in turn, for a fixed time; requests per second and p50/p99 against
 * `pgbench -S` (select-only) with the same client count on the same server.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";
import { rowsOf } from "@/lib/core/sql";
import { ownerCtx, pgbenchSelectTps, type PgbenchDatabase } from "./booking";
import { ms, percentile, printTable } from "./stats";
import type { GeneratedStudio } from "./generate";

export const PERMISSIONS_TARGET = 0.1;

/** Clients looked up in turn (two in five of the generated ones hold a membership, the rest hold none). */
const CLIENTS = 2000;
/**
 * One key may make 600 requests a minute (LIMITS.apiPerKey, issue 9); the bench
 * measures the server, not that policy, so the workers spread their requests
 * over enough keys to stay under it (128 keys: 76,800 a minute).
 */
const KEYS = 128;

export type PermissionsResult = {
  workers: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Answers other than 200 by status (429 would mean the keys' limit was reached). */
  failures: Record<string, number>;
  firstFailure?: string;
  pgbenchSelectTps: number;
  ratio: number;
  target: number;
  pass: boolean;
};

/** The same route refused for want of a key (401, no database work), at the largest client count: what the framework alone costs. */
export type PermissionsFloor = { workers: number; requestsPerSecond: number; p50: number; p99: number };

/** `keys` empty: the same requests without a key, answered 401 before any database work (the framework's floor). */
async function load(base: string, keys: string[], clientIds: string[], workers: number, seconds: number, warmup = 20) {
  let next = 0;
  const expected = keys.length ? 200 : 401;
  const one = async (): Promise<{ ok: boolean; status: string; ms: number; text?: string }> => {
    const n = next++;
    const t = performance.now();
    try {
      const res = await fetch(`${base}/api/v1/clients/${clientIds[n % clientIds.length]}/permissions`, {
        headers: keys.length ? { authorization: `Bearer ${keys[n % keys.length]}` } : {},
      });
      const text = await res.text();
      const elapsed = performance.now() - t;
      return res.status === expected
        ? { ok: true, status: String(expected), ms: elapsed }
        : { ok: false, status: String(res.status), ms: elapsed, text: text.slice(0, 200) };
    } catch (e) {
      return { ok: false, status: "network", ms: performance.now() - t, text: (e instanceof Error ? e.message : String(e)).slice(0, 200) };
    }
  };
  // Warm-up: opens each worker's keep-alive connection and compiles the route's code paths.
  await Promise.all(Array.from({ length: workers }, async () => {
    for (let i = 0; i < warmup; i++) await one();
  }));

  const times: number[] = [];
  const failures: Record<string, number> = {};
  let firstFailure: string | undefined;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (performance.now() < deadline) {
      const r = await one();
      if (r.ok) times.push(r.ms);
      else {
        failures[r.status] = (failures[r.status] ?? 0) + 1;
        firstFailure ??= `${r.status}: ${r.text}`;
        if (Object.values(failures).reduce((a, b) => a + b, 0) > 1000) break;
      }
    }
  }));
  const elapsed = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  return { workers, seconds: elapsed, requests: times.length, requestsPerSecond: times.length / elapsed, p50: percentile(times, 50), p99: percentile(times, 99), failures, firstFailure };
}

export async function benchPermissions(
  db: Db,
  appUrl: string,
  pgbench: PgbenchDatabase,
  largest: GeneratedStudio,
  opts: { seconds?: number; workers?: number[]; onLoad?: (phase: "start" | "end") => void } = {},
): Promise<{ rows: PermissionsResult[]; floor: PermissionsFloor }> {
  const seconds = opts.seconds ?? 10;
  const counts = opts.workers ?? [8, 32];
  const log = (line: string) => console.log(`  permissions: ${line}`);
  const ctx = await ownerCtx(db, largest.id);
  const clientIds = rowsOf<{ id: string }>(
    await db.execute(sql`select id from clients where studio_id = ${largest.id}::uuid and erased_at is null order by id limit ${CLIENTS}`),
  ).map((r) => r.id);

  const tps = new Map<number, number>();
  for (const workers of counts) {
    tps.set(workers, await pgbenchSelectTps(pgbench.url, workers, seconds));
    log(`pgbench -S -c ${workers}: ${tps.get(workers)!.toFixed(0)} tps`);
  }

  const keys = [];
  for (let i = 0; i < KEYS; i++) keys.push(await createApiKey({ ...ctx, now: new Date() }, { name: `bench permissions ${i + 1}` }));
  const results: PermissionsResult[] = [];
  try {
    opts.onLoad?.("start");
    for (const workers of counts) {
      const r = await load(appUrl, keys.map((k) => k.key), clientIds, workers, seconds);
      const base = tps.get(workers)!;
      const ratio = r.requestsPerSecond / base;
      results.push({ ...r, pgbenchSelectTps: base, ratio, target: PERMISSIONS_TARGET, pass: ratio >= PERMISSIONS_TARGET });
      log(`HTTP, ${workers} clients: ${r.requestsPerSecond.toFixed(0)} requests/s`);
    }
  } finally {
    opts.onLoad?.("end");
    for (const k of keys) await revokeApiKey({ ...ctx, now: new Date() }, k.apiKey.id);
  }
  const maxWorkers = Math.max(...counts);
  const f = await load(appUrl, [], clientIds, maxWorkers, Math.max(3, seconds / 2));
  const floor: PermissionsFloor = { workers: maxWorkers, requestsPerSecond: f.requestsPerSecond, p50: f.p50, p99: f.p99 };
  log(`401 without a key, ${maxWorkers} clients: ${f.requestsPerSecond.toFixed(0)} requests/s`);

  printTable(
    `Permissions over HTTP: GET /api/v1/clients/{id}/permissions (key → studio → client → memberships) for ${seconds} s per row, ` +
      `keep-alive clients; baseline pgbench -S (select-only) -j 2; target requests/s ≥ ${PERMISSIONS_TARGET}× tps`,
    ["clients", "requests/s", "p50", "p99", "failed", "pgbench -S tps", "ratio", "target"],
    results.map((r) => [
      String(r.workers),
      r.requestsPerSecond.toFixed(0),
      ms(r.p50),
      ms(r.p99),
      Object.entries(r.failures).map(([s, n]) => `${s} ${n}`).join(", ") || "0",
      r.pgbenchSelectTps.toFixed(0),
      `${r.ratio.toFixed(3)}×`,
      r.pass ? "pass" : "short",
    ]),
  );
  console.log(
    `Floor: the same route answering 401 (no key, no database work) with ${floor.workers} clients: ` +
      `${floor.requestsPerSecond.toFixed(0)} requests/s, p50 ${ms(floor.p50)}, p99 ${ms(floor.p99)}`,
  );
  for (const r of results) if (r.firstFailure) console.log(`  ${r.workers} clients: first failure: ${r.firstFailure}`);
  return { rows: results, floor };
}
