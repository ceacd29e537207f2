/**
 * Measure 7 of the benchmark (issue 8): the app server's resident memory,
 * idle and under load. Read from /proc/<pid>/status (VmRSS now, VmHWM the
 * peak since the process started) for the `next start` process and any
 * children, sampled every 100 ms while the HTTP rows of measures 1 and 6 run.
 */
import { processMemory } from "./app-server";
import { printTable } from "./stats";

export const MEMORY_TARGET_MB = 300;

export type MemoryPhase = {
  /** Resident size when the phase began and its largest sample, MB. */
  startRssMb: number;
  peakRssMb: number;
  /** VmHWM at the end of the phase: the peak since start-up, between samples too. */
  hwmMb: number;
  samples: number;
};

export type MemoryResult = {
  pid: number;
  /** After start-up and its timers, before any load. */
  idleRssMb: number;
  /** Under measure 1's HTTP booking load (8 then 32 workers). */
  booking?: MemoryPhase;
  /** Under measure 6's permissions load. */
  permissions?: MemoryPhase;
  /** While it streams measure 4's CSV export of the largest studio over HTTP. */
  export?: MemoryPhase;
  targetMb: number;
  /** The peak of every phase that ran (its samples and VmHWM) under the target. */
  pass: boolean;
};

/** Samples a process's memory until `stop()`. */
export function sampleMemory(pid: number, intervalMs = 100): { stop: () => MemoryPhase } {
  const first = processMemory(pid);
  let peak = first?.rssMb ?? 0;
  let samples = first ? 1 : 0;
  const timer = setInterval(() => {
    const m = processMemory(pid);
    if (!m) return;
    peak = Math.max(peak, m.rssMb);
    samples++;
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      const last = processMemory(pid);
      if (last) peak = Math.max(peak, last.rssMb);
      return { startRssMb: first?.rssMb ?? NaN, peakRssMb: peak, hwmMb: last?.hwmMb ?? NaN, samples };
    },
  };
}

/** Measure 7's record: idle, and the phases that ran; pass when the peak of every phase (VmHWM too) stays under the target. */
export function memoryResult(
  pid: number,
  idleRssMb: number,
  phases: { booking?: MemoryPhase; permissions?: MemoryPhase; export?: MemoryPhase },
): MemoryResult {
  const ran = [phases.booking, phases.permissions, phases.export].filter((p): p is MemoryPhase => !!p);
  const peak = Math.max(idleRssMb, ...ran.map((p) => Math.max(p.peakRssMb, p.hwmMb)));
  return { pid, idleRssMb, ...phases, targetMb: MEMORY_TARGET_MB, pass: peak < MEMORY_TARGET_MB };
}

export function printMemory(r: MemoryResult): void {
  const mb = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? "–" : `${v.toFixed(0)} MB`);
  const rows: string[][] = [["idle", mb(r.idleRssMb), mb(r.idleRssMb), "–", "–"]];
  for (const [name, p] of [
    ["booking (measure 1 HTTP)", r.booking],
    ["permissions (measure 6)", r.permissions],
    ["export (measure 4, over HTTP)", r.export],
  ] as const) {
    if (p) rows.push([name, mb(p.startRssMb), mb(p.peakRssMb), mb(p.hwmMb), String(p.samples)]);
  }
  printTable(
    `Memory of the app server (next start, pid ${r.pid}): VmRSS sampled every 100 ms, VmHWM = peak since start-up; target < ${MEMORY_TARGET_MB} MB under every load — ${r.pass ? "pass" : "short"}`,
    ["load", "RSS at start", "peak RSS", "VmHWM after", "samples"],
    rows,
  );
}
