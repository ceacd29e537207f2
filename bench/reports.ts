/**
 * Reports (issue 17): every R9/R10 read for a 12-month period at the bench's
 * scale, p50/p99 against the 200 ms target, and the summary's revenue and
 * attendance against plain aggregate queries written here (what Postgres does
 * with no report code around it), as the clients list compares itself.
 *
 * The summary, active members by month, the cohorts and the people lists are served from
 * snapshots (lib/reports/snapshots.ts) that the `reports.refresh` job keeps
 * fresh: their rows measure what a reader waits for, after one read that
 * computes the snapshot. The job's own work, computing each of them from the
 * tables, is measured too ("job:" rows), with no target: nobody waits for it.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { reportSnapshots, staff, studios } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { at } from "@/lib/core/sql";
import { listClients } from "@/lib/crm/list-clients";
import { computeActiveMembersByMonth } from "@/lib/reports/breakdowns";
import { computeCohorts } from "@/lib/reports/cohorts";
import { atRiskSnapshot, computeSummary } from "@/lib/reports/figures";
import { REFRESHER, SNAPSHOT_REFRESH_AFTER_MS } from "@/lib/reports/snapshots";
import {
  activeMembersByMonth,
  attendanceByWeek,
  fillBreakdown,
  getCohorts,
  getReportSummary,
  presetDays,
  resolvePeriod,
  revenueByMonth,
} from "@/lib/reports";
import type { GeneratedStudio } from "./generate";
import { ms, printTable, sample, tail, type Sample } from "./stats";

export const REPORT_TARGET_P99_MS = 200;

export type ReportResult = {
  name: string;
  sample: Sample;
  aggregate?: Sample;
  ratio?: number;
  /** A "job:" row: the refresh job's work, which no reader waits for (no target). */
  job?: boolean;
};

export async function benchReports(db: Db, largest: GeneratedStudio, iterations = 20): Promise<ReportResult[]> {
  const [studio] = await db.select().from(studios).where(eq(studios.id, largest.id));
  const [owner] = await db.select().from(staff).where(eq(staff.studioId, largest.id));
  const ctx: Ctx = {
    db,
    studio: studio!,
    actor: { kind: "staff", userId: owner!.userId, role: "owner" },
    // The generated data's anchor, so the 12-month period covers the same rows every run.
    now: largest.anchor,
  };
  const period = presetDays("last-12-months", ctx.now, studio!.timezone);
  const p = resolvePeriod(ctx, period);

  const cases: [string, () => Promise<unknown>][] = [
    ["summary (every figure)", () => getReportSummary(ctx, period)],
    ["revenue by month", () => revenueByMonth(ctx, period)],
    ["active members by month", () => activeMembersByMonth(ctx, period)],
    ["attendance by week", () => attendanceByWeek(ctx, period)],
    ["fill by class/instructor/slot", () => fillBreakdown(ctx, period)],
    ["cohorts", () => getCohorts(ctx, period)],
    [
      "people: atRisk (page of 50)",
      () => listClients(ctx, { figure: "atRisk", ...period, limit: 50, withTotal: true }),
    ],
    [
      "people: attendance (page of 50)",
      () => listClients(ctx, { figure: "attendance", ...period, limit: 50, withTotal: true }),
    ],
  ];
  const results: ReportResult[] = [];
  for (const [name, fn] of cases) {
    await fn(); // the first read of a snapshotted report computes it (a reader finds the job's snapshot)
    results.push({ name, sample: await sample(fn, iterations) });
  }
  // The refresh job's work: each snapshot computed from the tables. The people snapshot is recomputed at an
  // instant one refresh period after the last one each time (the database may hold one from an earlier run), so
  // every sample recomputes it.
  const [last] = await db
    .select({ asOf: reportSnapshots.asOf })
    .from(reportSnapshots)
    .where(and(eq(reportSnapshots.studioId, largest.id), eq(reportSnapshots.key, "people:atRisk")));
  let tick = Math.max(ctx.now.getTime(), last?.asOf.getTime() ?? 0);
  const jobs: [string, () => Promise<unknown>][] = [
    ["job: summary computed", () => computeSummary(ctx, p)],
    ["job: active members by month computed", () => computeActiveMembersByMonth(ctx, p)],
    ["job: cohorts computed", () => computeCohorts(ctx, p)],
    [
      "job: at-risk people rewritten",
      () => atRiskSnapshot({ ...ctx, now: new Date((tick += SNAPSHOT_REFRESH_AFTER_MS + 1000)) }, REFRESHER),
    ],
  ];
  for (const [name, fn] of jobs) results.push({ name, sample: await sample(fn, iterations), job: true });

  // Baselines: the same two numbers as one plain aggregate each.
  const revenue = sql`select (select coalesce(sum(amount_cents), 0) from payments where studio_id = ${largest.id}::uuid
      and status = 'paid' and paid_at >= ${at(p.start)} and paid_at < ${at(p.end)})
    - (select coalesce(sum(amount_cents), 0) from refunds where studio_id = ${largest.id}::uuid
      and created_at >= ${at(p.start)} and created_at < ${at(p.end)})`;
  const attendance = sql`select count(*) from bookings b join class_sessions s on s.studio_id = b.studio_id and s.id = b.session_id
    where b.studio_id = ${largest.id}::uuid and b.status = 'booked' and s.cancelled_at is null
      and s.starts_at >= ${at(p.start)} and s.starts_at < ${at(p.end)} and s.ends_at <= ${at(ctx.now)}`;
  const baseline = await sample(async () => {
    await db.execute(revenue);
    await db.execute(attendance);
  }, iterations);
  results[0]!.aggregate = baseline;
  results[0]!.ratio = results[0]!.sample.p50 / baseline.p50;

  printTable(
    `Reports for ${period.from} – ${period.to} at ${largest.clients.toLocaleString("en")} clients / ${largest.bookings.toLocaleString("en")} bookings, ${iterations} samples a case (target p99 < ${REPORT_TARGET_P99_MS} ms; judged on p95 below 200 samples)`,
    ["case", "p50", "tail", "target", "revenue + attendance aggregate p50", "report ÷ aggregate"],
    results.map((r) => [
      r.name,
      ms(r.sample.p50),
      `${tail(r.sample).label} ${ms(tail(r.sample).value)}`,
      r.job ? "(job)" : tail(r.sample).value < REPORT_TARGET_P99_MS ? "pass" : "short",
      r.aggregate ? ms(r.aggregate.p50) : "",
      r.ratio ? `${r.ratio.toFixed(r.ratio < 1 ? 3 : 1)}×` : "",
    ]),
  );
  return results;
}
