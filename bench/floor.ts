/**
 * Keep-alive HTTP load against the app server, shared by measures 1 and 6: `workers`
 * loops asking `GET /api/v1/clients/{id}/permissions` for `seconds`. With no keys
 * the route answers 401 before any database work: the framework's floor, the
 * baseline of every HTTP target (issue 20), measured at the same worker count.
 */
import { percentile } from "./stats";

export type HttpLoad = {
  workers: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** Answers other than the expected status, by status (429 would mean a key's limit was reached). */
  failures: Record<string, number>;
  firstFailure?: string;
};

/** `keys` empty: the same requests without a key, answered 401 before any database work (the framework's floor). */
export async function permissionsLoad(
  base: string,
  keys: string[],
  clientIds: string[],
  workers: number,
  seconds: number,
  warmup = 20,
): Promise<HttpLoad> {
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
      return {
        ok: false,
        status: "network",
        ms: performance.now() - t,
        text: (e instanceof Error ? e.message : String(e)).slice(0, 200),
      };
    }
  };
  // Warm-up: opens each worker's keep-alive connection and compiles the route's code paths.
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let i = 0; i < warmup; i++) await one();
    }),
  );

  const times: number[] = [];
  const failures: Record<string, number> = {};
  let firstFailure: string | undefined;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < deadline) {
        const r = await one();
        if (r.ok) times.push(r.ms);
        else {
          failures[r.status] = (failures[r.status] ?? 0) + 1;
          firstFailure ??= `${r.status}: ${r.text}`;
          if (Object.values(failures).reduce((a, b) => a + b, 0) > 1000) break;
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  return {
    workers,
    seconds: elapsed,
    requests: times.length,
    requestsPerSecond: times.length / elapsed,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    failures,
    firstFailure,
  };
}

/** The framework's floor at `workers` clients: the same route, no key, 401 with no database work. */
export const floorLoad = (base: string, clientIds: string[], workers: number, seconds: number) =>
  permissionsLoad(base, [], clientIds, workers, seconds);
