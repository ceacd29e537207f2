import type { Metadata } from "next";
import Link from "next/link";
import { BarChart3, Users } from "lucide-react";
import {
  Alert,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
  PageHeader,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth/context";
import { InvalidInputError } from "@/lib/core/errors";
import { formatDateTime, formatMoney } from "@/lib/core/format";
import { can } from "@/lib/core/permissions";
import {
  activeMembersByMonth,
  attendanceByWeek,
  FIGURE_INFO,
  FIGURES,
  fillBreakdown,
  getCohorts,
  getReportSummary,
  PERIOD_PRESETS,
  presetDays,
  presetOf,
  resolvePeriod,
  revenueByMonth,
  type Figure,
  type FillRow,
  type ReportSummary,
} from "@/lib/reports";
import { BarChart } from "./bar-chart";
import { dayShort, heat, monthLong, monthShort, percent, periodLabel, WEEKDAYS } from "./format";
import { PeriodPicker } from "./period-picker";

export const metadata: Metadata = { title: "Reports" };

type SearchParams = Record<string, string | string[] | undefined>;

function param(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s?.trim() || undefined;
}

/**
 * Dashboard → Reports (R9, R10): the period's figures as tiles, each with its
 * definition one click away and the people behind it one click further (the
 * clients list, filtered to them); revenue, members and attendance as charts
 * with a table view; fill by class, instructor and weekday × hour; cohorts.
 * Owners and managers (reports.view); the verbs check it again.
 */
export default async function ReportsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requireStaffContext();
  if (!can(ctx, "reports.view")) {
    return (
      <>
        <PageHeader title="Reports" />
        <Alert variant="warning" title="Reports are for owners and managers">
          Ask your studio&apos;s owner if you need these figures.
        </Alert>
      </>
    );
  }

  const sp = await searchParams;
  let problem: string | null = null;
  let input = { from: param(sp.from), to: param(sp.to) };
  try {
    resolvePeriod(ctx, input);
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    problem = [e.message, ...Object.values(e.fields).flat()].join(" ");
    input = { from: undefined, to: undefined };
  }
  const period = resolvePeriod(ctx, input);
  const tz = ctx.studio.timezone;
  const [summary, revenue, members, attendance, fill, cohorts] = await Promise.all([
    getReportSummary(ctx, input),
    revenueByMonth(ctx, input),
    activeMembersByMonth(ctx, input),
    attendanceByWeek(ctx, input),
    fillBreakdown(ctx, input),
    getCohorts(ctx, input),
  ]);
  const money = (cents: number) => formatMoney(cents, ctx.studio.currency);
  const spansYears = period.from.slice(0, 4) !== period.to.slice(0, 4);
  const presets = PERIOD_PRESETS.map((preset) => ({ preset, ...presetDays(preset, ctx.now, tz) }));
  const peopleHref = (figure: Figure) => `/dashboard/clients?figure=${figure}&from=${period.from}&to=${period.to}`;

  return (
    <>
      <PageHeader title="Reports" description={`${ctx.studio.name}, ${periodLabel(period.from, period.to)}.`} />
      <PeriodPicker presets={presets} current={presetOf(period, ctx.now, tz)} from={period.from} to={period.to} />
      {problem ? (
        <Alert variant="danger" title="That period could not be shown; this month is shown instead" className="mb-6">
          {problem}
        </Alert>
      ) : null}

      <section aria-labelledby="figures-heading" className="mb-8">
        <h2 id="figures-heading" className="text-lg font-semibold">
          Figures
        </h2>
        <p className="mb-3 text-sm text-muted-foreground">
          As of {formatDateTime(new Date(summary.asOf), tz)}; recounted every 5 minutes.
        </p>
        <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
          {FIGURES.map((figure) => (
            <li key={figure}>
              <Tile figure={figure} summary={summary} money={money} href={peopleHref(figure)} />
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="trends-heading" className="mb-8 grid gap-4">
        <h2 id="trends-heading" className="text-lg font-semibold">
          Trends
        </h2>
        <Card>
          <CardContent className="pt-5">
            {revenue.some((m) => m.memberships || m.dropIns || m.other || m.refunds) ? (
              <BarChart
                id="revenue-chart"
                title="Revenue by month and source"
                description={`Net ${money(summary.revenueCents)} over the period: memberships ${money(summary.revenueBySource.memberships)}, drop-ins ${money(summary.revenueBySource.dropIns)}, other ${money(summary.revenueBySource.other)}, refunds ${money(summary.revenueBySource.refunds)}.`}
                series={[
                  { key: "memberships", label: "Memberships", fill: "fill-brand-700" },
                  { key: "dropIns", label: "Drop-ins", fill: "fill-brand-400" },
                  { key: "other", label: "Other", fill: "fill-brand-200" },
                  { key: "refunds", label: "Refunds", fill: "fill-danger-600" },
                ]}
                columns={revenue.map((m) => ({
                  label: monthShort(m.month, spansYears),
                  longLabel: monthLong(m.month),
                  values: { memberships: m.memberships, dropIns: m.dropIns, other: m.other, refunds: m.refunds },
                }))}
                format={money}
              />
            ) : (
              <Empty
                title="No revenue in this period"
                description="Payments appear here once they are settled: sell a membership or take a drop-in payment."
              />
            )}
          </CardContent>
        </Card>
        <div className="grid gap-4 lg:grid-cols-2">
          <Card>
            <CardContent className="pt-5">
              {members.some((m) => m.activeMembers > 0) ? (
                <BarChart
                  id="members-chart"
                  title="Active members at the end of each month"
                  description={members.map((m) => `${monthLong(m.month)}: ${m.activeMembers}`).join(", ")}
                  series={[{ key: "n", label: "Active members", fill: "fill-brand-600" }]}
                  columns={members.map((m) => ({
                    label: monthShort(m.month, spansYears),
                    longLabel: monthLong(m.month),
                    values: { n: m.activeMembers },
                  }))}
                  format={(n) => n.toLocaleString("en-GB")}
                />
              ) : (
                <Empty
                  title="No members in this period"
                  description="Members are clients holding a membership; sell or assign one from Memberships."
                />
              )}
            </CardContent>
          </Card>
          <Card>
            <CardContent className="pt-5">
              {attendance.length ? (
                <BarChart
                  id="attendance-chart"
                  title="Attendance by week"
                  description={attendance.map((w) => `week of ${dayShort(w.week)}: ${w.attendance}`).join(", ")}
                  series={[{ key: "n", label: "Visits", fill: "fill-brand-600" }]}
                  columns={attendance.map((w) => ({
                    label: dayShort(w.week),
                    longLabel: `Week of ${dayShort(w.week)}`,
                    values: { n: w.attendance },
                  }))}
                  format={(n) => n.toLocaleString("en-GB")}
                />
              ) : (
                <Empty
                  title="No visits in this period"
                  description="Attendance counts the bookings kept in sessions that have run. Add classes in Schedule."
                />
              )}
            </CardContent>
          </Card>
        </div>
      </section>

      <section aria-labelledby="fill-heading" className="mb-8 grid gap-4">
        <h2 id="fill-heading" className="text-lg font-semibold">
          How full classes run
        </h2>
        {fill.byClass.length === 0 ? (
          <Empty
            title="No sessions ran in this period"
            description="Fill rates appear once sessions in the period are over."
          />
        ) : (
          <>
            <div className="grid gap-4 lg:grid-cols-2">
              <FillTable caption="Fill rate by class (emptiest first)" head="Class" rows={fill.byClass} />
              <FillTable
                caption="Fill rate by instructor (emptiest first)"
                head="Instructor"
                rows={fill.byInstructor}
              />
            </div>
            <HeatMap slots={fill.bySlot} />
          </>
        )}
      </section>

      <section aria-labelledby="cohorts-heading" className="mb-8 grid gap-3">
        <h2 id="cohorts-heading" className="text-lg font-semibold">
          Retention cohorts
        </h2>
        <p className="text-sm text-muted-foreground">
          Clients grouped by the month of their first booking or membership; each cell is the share active in a later
          month (a booking made or kept, or a membership held).
        </p>
        {cohorts.length === 0 ? (
          <Empty
            title="No new clients in this period"
            description="Pick a longer period, such as the last 12 months, to compare cohorts."
          />
        ) : (
          <Table>
            <caption className="sr-only">Share of each cohort active in each month after its first</caption>
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Cohort</TableHead>
                <TableHead scope="col" className="text-right">
                  Clients
                </TableHead>
                {Array.from({ length: Math.max(...cohorts.map((c) => c.active.length)) }, (_, i) => (
                  <TableHead key={i} scope="col" className="text-right">
                    {i === 0 ? "First month" : `+${i}`}
                  </TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {cohorts.map((c) => (
                <TableRow key={c.cohort}>
                  <TableHead scope="row" className="font-normal">
                    {monthLong(c.cohort)}
                  </TableHead>
                  <TableCell className="text-right tabular-nums">{c.size}</TableCell>
                  {c.active.map((s, i) => (
                    <TableCell key={i} className={`text-right tabular-nums ${heat(s)}`}>
                      {percent(s)}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
    </>
  );
}

function Empty({ title, description }: { title: string; description: string }) {
  return <EmptyState icon={BarChart3} title={title} description={description} headingLevel="h3" className="py-8" />;
}

const SCOPE_TEXT = { period: "In the period", end: "At the end of the period", now: "Today" } as const;

function Tile({
  figure,
  summary,
  money,
  href,
}: {
  figure: Figure;
  summary: ReportSummary;
  money: (cents: number) => string;
  href: string;
}) {
  const info = FIGURE_INFO[figure];
  const value = summary[figure];
  const shown =
    info.unit === "cents"
      ? money(value ?? 0)
      : info.unit === "share"
        ? percent(value)
        : (value ?? 0).toLocaleString("en-GB");
  return (
    <Card className="h-full">
      <CardHeader>
        <CardTitle as="h3" className="text-sm font-medium text-muted-foreground">
          {info.label}
        </CardTitle>
        <p className="text-2xl font-semibold tabular-nums" data-figure={figure}>
          {shown}
        </p>
        <CardDescription>{SCOPE_TEXT[info.scope]}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-2">
        {figure === "revenueCents" ? (
          <dl className="grid grid-cols-2 gap-x-3 text-xs text-muted-foreground">
            <dt>Memberships</dt>
            <dd className="text-right tabular-nums">{money(summary.revenueBySource.memberships)}</dd>
            <dt>Drop-ins</dt>
            <dd className="text-right tabular-nums">{money(summary.revenueBySource.dropIns)}</dd>
            <dt>Other</dt>
            <dd className="text-right tabular-nums">{money(summary.revenueBySource.other)}</dd>
            <dt>Refunds</dt>
            <dd className="text-right tabular-nums">{money(summary.revenueBySource.refunds)}</dd>
          </dl>
        ) : null}
        <details>
          <summary className="cursor-pointer text-brand-800 underline-offset-2 hover:underline">
            How “{info.label}” is counted
          </summary>
          <p className="mt-1 text-muted-foreground">{info.definition}</p>
        </details>
        <p className="flex items-start gap-1.5">
          <Users aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-brand-800" />
          <span>
            <Link href={href} className="font-medium text-brand-800 underline-offset-2 hover:underline">
              See who<span className="sr-only"> is behind “{info.label}”</span>
            </Link>
            <span className="text-muted-foreground"> · {info.people}</span>
          </span>
        </p>
      </CardContent>
    </Card>
  );
}

function FillTable({ caption, head, rows }: { caption: string; head: string; rows: FillRow[] }) {
  return (
    <Table>
      <caption className="px-3 py-2 text-left text-sm font-medium [caption-side:top]">{caption}</caption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">{head}</TableHead>
          <TableHead scope="col" className="text-right">
            Sessions
          </TableHead>
          <TableHead scope="col" className="text-right">
            Places held
          </TableHead>
          <TableHead scope="col" className="text-right">
            Fill
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.key}>
            <TableHead scope="row" className="font-normal">
              {r.label}
            </TableHead>
            <TableCell className="text-right tabular-nums">{r.sessions}</TableCell>
            <TableCell className="text-right tabular-nums">
              {r.booked} / {r.capacity}
            </TableCell>
            <TableCell className={`text-right tabular-nums ${heat(r.fillRate)}`}>{percent(r.fillRate)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Fill by weekday × hour of the studio's zone: a table whose cells are coloured by fill (a heat map that reads aloud). */
function HeatMap({ slots }: { slots: { weekday: number; hour: number; sessions: number; fillRate: number | null }[] }) {
  const hours = [...new Set(slots.map((s) => s.hour))].sort((a, b) => a - b);
  const days = [...new Set(slots.map((s) => s.weekday))].sort((a, b) => a - b);
  const at = new Map(slots.map((s) => [`${s.weekday}-${s.hour}`, s]));
  return (
    <Table>
      <caption className="px-3 py-2 text-left text-sm font-medium [caption-side:top]">
        Fill rate by weekday and hour (studio time)
      </caption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Day</TableHead>
          {hours.map((h) => (
            <TableHead key={h} scope="col" className="text-center">
              {String(h).padStart(2, "0")}:00
            </TableHead>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {days.map((d) => (
          <TableRow key={d}>
            <TableHead scope="row" className="font-normal">
              {WEEKDAYS[d - 1]}
            </TableHead>
            {hours.map((h) => {
              const s = at.get(`${d}-${h}`);
              return (
                <TableCell key={h} className={`text-center tabular-nums ${s ? heat(s.fillRate) : ""}`}>
                  {s ? percent(s.fillRate) : <span className="sr-only">no sessions</span>}
                </TableCell>
              );
            })}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
