/** Small helpers for benchmark timing and reporting. */

/** A p99 needs at least this many samples to be more than the slowest one; below it only p95 is given. */
export const MIN_SAMPLES_P99 = 200;

/** p99 is null when fewer than MIN_SAMPLES_P99 samples were taken (then judge and print p95, labelled so). */
export type Sample = { p50: number; p95: number; p99: number | null; mean: number; n: number };

/** The tail a target is judged on: p99 when there are enough samples, else p95, labelled honestly. */
export function tail(s: Pick<Sample, "p95" | "p99" | "n">): { label: string; value: number } {
  return s.p99 !== null ? { label: "p99", value: s.p99 } : { label: `p95 (n=${s.n})`, value: s.p95 };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Runs `fn` `warmup` times unmeasured, then `n` times; milliseconds. */
export async function sample(fn: () => Promise<unknown>, n = 30, warmup = 3): Promise<Sample> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: n >= MIN_SAMPLES_P99 ? percentile(times, 99) : null,
    mean: times.reduce((a, b) => a + b, 0) / n,
    n,
  };
}

export const ms = (v: number) => `${v.toFixed(1)} ms`;

/** Prints rows as an aligned text table. */
export function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}
