/**
 * `npm run bench -- --scale 10000,100000,1000000` (issue 20): how the costs grow with the studio. For each size it
 * generates the bench database afresh (the largest studio with that many clients, two bookings and one membership
 * each, so that a million clients generate in about 35 minutes; the other studios a tenth of its size, as in a
 * normal run), then measures every clients-list case and the booking path at 8 workers against pgbench in the
 * same database. It prints each list case's p99 at every size and how many times the smallest size's it is, and
 * the booking's pairs per second and ratio at each size. bench/results/scale.json (or --out) is written after each
 * size, so a long series that is stopped keeps the sizes it finished.
 */
import type { Db } from "@/db";
import { benchBooking, pgbenchDatabase, type BookingResult, type CostGrowth } from "./booking";
import { benchClientsList, LIST_TARGET_P99_MS, type ListResult } from "./clients-list";
import { generate, type GenerateOptions } from "./generate";
import { ms, printTable, tail } from "./stats";

export type ScalePoint = {
  clients: number;
  generateSeconds: number;
  inserted: { clients: number; bookings: number; memberships: number };
  list: ListResult[];
  booking: BookingResult | null;
  costGrowth: CostGrowth | null;
};

/** The list's p99 line at a size: 50 ms up to 100,000 clients, 100 ms beyond (issue 20). */
export const listTargetAt = (clients: number) => (clients > 100_000 ? 100 : LIST_TARGET_P99_MS);

export async function benchScale(
  sizes: number[],
  opts: GenerateOptions,
  fresh: () => Promise<{ db: Db; url: string; close: () => Promise<void> }>,
  measure: { iterations: number; seconds: number },
  onPoint: (points: ScalePoint[]) => void,
): Promise<ScalePoint[]> {
  const points: ScalePoint[] = [];
  for (const clients of sizes) {
    console.log(`\nScale: ${clients.toLocaleString("en")} clients in the largest studio`);
    const handle = await fresh();
    try {
      const t = performance.now();
      const studios = await generate(handle.db, {
        ...opts,
        clients,
        bookings: clients * 2,
        memberships: clients,
      });
      const generateSeconds = (performance.now() - t) / 1000;
      const largest = studios[0]!;
      const list = await benchClientsList(handle.db, largest, measure.iterations);
      const pgbench = await pgbenchDatabase(handle.url);
      let booking: Awaited<ReturnType<typeof benchBooking>> | null = null;
      try {
        booking = await benchBooking(handle.db, handle.url, largest, {
          seconds: measure.seconds,
          workers: [8],
          pgbench,
        });
      } finally {
        await pgbench.drop();
      }
      points.push({
        clients,
        generateSeconds,
        inserted: { clients: largest.clients, bookings: largest.bookings, memberships: largest.memberships },
        list,
        booking: booking.rows.find((r) => r.path === "domain") ?? null,
        costGrowth: booking.costGrowth,
      });
      onPoint(points);
    } finally {
      await handle.close();
    }
  }
  printScale(points);
  return points;
}

function printScale(points: ScalePoint[]): void {
  const first = points[0]!;
  const sizes = points.map((p) => p.clients.toLocaleString("en"));
  printTable(
    `Scale: each clients-list case's p99 (page of 50 with total) as the largest studio grows; the last column is the largest size over the smallest; target p99 < ${LIST_TARGET_P99_MS} ms to 100,000 clients, < 100 ms beyond`,
    ["case", ...sizes, "growth", "target at the largest"],
    first.list.map((row, i) => {
      const at = points.map((p) => tail(p.list[i]!.counters).value);
      const last = points[points.length - 1]!;
      return [
        row.name,
        ...at.map(ms),
        `${(at[at.length - 1]! / at[0]!).toFixed(1)}×`,
        at[at.length - 1]! < listTargetAt(last.clients) ? "pass" : "short",
      ];
    }),
  );
  printTable(
    "Scale: booking through lib/ at 8 workers (book then cancel), against pgbench in the same database, and one pair at a time",
    ["clients", "pairs/s", "tx ÷ pgbench", "book p99", "pair ms (no past bookings)", "pair ms (2,000 past)"],
    points.map((p) => [
      p.clients.toLocaleString("en"),
      p.booking ? p.booking.pairsPerSecond.toFixed(1) : "",
      p.booking ? `${p.booking.ratio.toFixed(3)}×` : "",
      p.booking ? ms(p.booking.book.p99) : "",
      p.costGrowth ? ms(p.costGrowth.freshMs) : "",
      p.costGrowth ? ms(p.costGrowth.heavyMs) : "",
    ]),
  );
}
