/**
 * Measure 6 of the benchmark (issue 8): permissions look-ups over HTTP.
 *
 * `GET /api/v1/clients/{id}/permissions` is what a door or a studio's website
 * asks before letting a member in: the app resolves the bearer key to its
 * studio (and counts the request against the key's limit), finds the client
 * and unions the permissions of every membership that grants rights now (M2,
 * M3, M7). Concurrent keep-alive clients send it for clients of the largest
 * studio in turn, for a fixed time; requests per second and p50/p99 against
 * the framework's floor (the same route refused 401 before any database work)
 * with the same client count on the same server, measured just before.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";
import { rowsOf } from "@/lib/core/sql";
import { ownerCtx } from "./booking";
import { floorLoad, permissionsLoad, type HttpLoad } from "./floor";
import { ms, printTable } from "./stats";
import type { GeneratedStudio } from "./generate";

/** Issue 20: requests per second ≥ 0.5× the framework floor at the same client count, and p99 < 25 ms at 32 clients. */
export const PERMISSIONS_TARGET = 0.5;
export const PERMISSIONS_P99_MS = 25;
const P99_AT_WORKERS = 32;

/** Clients looked up in turn (two in five of the generated ones hold a membership, the rest hold none). */
const CLIENTS = 2000;
/**
 * One key may make 600 requests a minute (LIMITS.apiPerKey, issue 9); the bench
 * measures the server, not that policy, so the workers spread their requests
 * over enough keys to stay under it (128 keys: 76,800 a minute).
 */
const KEYS = 128;

export type PermissionsResult = HttpLoad & {
  /** The floor at the same client count: the route answering 401 with no database work. */
  floorPerSecond: number;
  floorP99: number;
  ratio: number;
  target: number;
  /** p99 under the limit (judged at 32 clients only). */
  p99Limit: number | null;
  /** Ratio reached, p99 under its limit where judged, and no failed request. */
  pass: boolean;
};

export async function benchPermissions(
  db: Db,
  appUrl: string,
  largest: GeneratedStudio,
  opts: { seconds?: number; workers?: number[]; onLoad?: (phase: "start" | "end") => void } = {},
): Promise<{ rows: PermissionsResult[] }> {
  const seconds = opts.seconds ?? 10;
  const counts = opts.workers ?? [8, 32];
  const log = (line: string) => console.log(`  permissions: ${line}`);
  const ctx = await ownerCtx(db, largest.id);
  const clientIds = rowsOf<{ id: string }>(
    await db.execute(
      sql`select id from clients where studio_id = ${largest.id}::uuid and erased_at is null order by id limit ${CLIENTS}`,
    ),
  ).map((r) => r.id);

  const keys = [];
  for (let i = 0; i < KEYS; i++)
    keys.push(await createApiKey({ ...ctx, now: new Date() }, { name: `bench permissions ${i + 1}` }));
  const results: PermissionsResult[] = [];
  try {
    opts.onLoad?.("start");
    for (const workers of counts) {
      const floor = await floorLoad(appUrl, clientIds, workers, Math.max(3, seconds / 2));
      log(`floor (401, no database), ${workers} clients: ${floor.requestsPerSecond.toFixed(0)} requests/s`);
      const r = await permissionsLoad(
        appUrl,
        keys.map((k) => k.key),
        clientIds,
        workers,
        seconds,
      );
      const ratio = r.requestsPerSecond / floor.requestsPerSecond;
      const p99Limit = workers === P99_AT_WORKERS ? PERMISSIONS_P99_MS : null;
      const failed = Object.values(r.failures).reduce((a, b) => a + b, 0);
      results.push({
        ...r,
        floorPerSecond: floor.requestsPerSecond,
        floorP99: floor.p99,
        ratio,
        target: PERMISSIONS_TARGET,
        p99Limit,
        pass: ratio >= PERMISSIONS_TARGET && (p99Limit === null || r.p99 < p99Limit) && failed === 0,
      });
      log(`HTTP, ${workers} clients: ${r.requestsPerSecond.toFixed(0)} requests/s`);
    }
  } finally {
    opts.onLoad?.("end");
    for (const k of keys) await revokeApiKey({ ...ctx, now: new Date() }, k.apiKey.id);
  }

  printTable(
    `Permissions over HTTP: GET /api/v1/clients/{id}/permissions (key → studio → client → memberships) for ${seconds} s per row, ` +
      `keep-alive clients; baseline the floor (the same route answering 401, no database work, same clients); ` +
      `target requests/s ≥ ${PERMISSIONS_TARGET}× the floor, p99 < ${PERMISSIONS_P99_MS} ms at ${P99_AT_WORKERS} clients, no failed request`,
    ["clients", "requests/s", "p50", "p99", "failed", "floor requests/s", "floor p99", "ratio", "target"],
    results.map((r) => [
      String(r.workers),
      r.requestsPerSecond.toFixed(0),
      ms(r.p50),
      ms(r.p99),
      Object.entries(r.failures)
        .map(([s, n]) => `${s} ${n}`)
        .join(", ") || "0",
      r.floorPerSecond.toFixed(0),
      ms(r.floorP99),
      `${r.ratio.toFixed(3)}×`,
      r.pass ? "pass" : "short",
    ]),
  );
  for (const r of results) if (r.firstFailure) console.log(`  ${r.workers} clients: first failure: ${r.firstFailure}`);
  return { rows: results };
}
