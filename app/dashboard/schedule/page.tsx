import type { Metadata } from "next";
import Link from "next/link";
import { CalendarDays, ChevronLeft, ChevronRight, Plus } from "lucide-react";
import { Button, EmptyState, PageHeader } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { listClasses, listSessions } from "@/lib/classes";
import { dayInZone } from "@/lib/core/time";
import { formatDayHeading, gridHours, minutesOfDay, placeDay, studioWeek } from "./week";
import { SessionCard } from "./session-card";

export const metadata: Metadata = { title: "Schedule" };

const BASE = "/dashboard/schedule";
/** Height of one hour on the week's time grid. */
const HOUR_REM = 3.5;

type SearchParams = Record<string, string | string[] | undefined>;

export default async function SchedulePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requireStaffContext();
  const tz = ctx.studio.timezone;
  const sp = await searchParams;
  const week = studioWeek(typeof sp.week === "string" ? sp.week : undefined, ctx.now, tz);
  const classes = await listClasses(ctx);

  const actions = (
    <>
      <Button asChild variant="outline">
        <Link href={`${BASE}/classes#new-class`}>
          <Plus aria-hidden="true" /> New class
        </Link>
      </Button>
      {classes.length ? (
        <Button asChild>
          <Link href={`${BASE}/sessions/new`}>
            <CalendarDays aria-hidden="true" /> Add sessions
          </Link>
        </Button>
      ) : null}
    </>
  );

  if (!classes.length) {
    return (
      <>
        <PageHeader title="Schedule" description={`Class times are shown in ${tz}.`} actions={actions} />
        <EmptyState
          icon={CalendarDays}
          title="No classes yet"
          description="Create a class (its capacity, length and price), then add its sessions: one-off or every week."
          action={
            <Button asChild>
              <Link href={`${BASE}/classes#new-class`}>Create your first class</Link>
            </Button>
          }
        />
      </>
    );
  }

  const sessions = await listSessions(ctx, { from: week.from, to: week.to });
  const byDay = new Map<string, typeof sessions>();
  for (const s of sessions) {
    const day = dayInZone(s.startsAt, tz);
    byDay.set(day, [...(byDay.get(day) ?? []), s]);
  }
  const today = dayInZone(ctx.now, tz);
  const requestedDay = typeof sp.day === "string" ? sp.day : undefined;
  const shownDay =
    requestedDay && week.days.includes(requestedDay) ? requestedDay : week.days.includes(today) ? today : week.days[0]!;
  const placedByDay = new Map(
    week.days.map((day) => [
      day,
      placeDay(
        byDay.get(day) ?? [],
        (x) => minutesOfDay(x.startsAt, tz),
        (x) => Math.round((x.endsAt.getTime() - x.startsAt.getTime()) / 60_000),
      ),
    ]),
  );
  const grid = gridHours([...placedByDay.values()].flat());
  const hours = Array.from({ length: grid.last - grid.first + 1 }, (_, i) => grid.first + i);
  const gridHeight = (grid.last - grid.first) * HOUR_REM;
  const nowMinutes = minutesOfDay(ctx.now, tz);
  const first = formatDayHeading(week.days[0]!);
  const last = formatDayHeading(week.days[6]!);

  return (
    <>
      <PageHeader title="Schedule" description={`Class times are shown in ${tz}.`} actions={actions} />

      <nav aria-label="Weeks" className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold text-foreground" aria-live="polite">
          Week of {first.date} – {last.date} {week.days[6]!.slice(0, 4)}
        </h2>
        <div className="flex flex-wrap gap-2">
          <Button asChild variant="outline" size="sm">
            <Link href={`${BASE}?week=${week.previous}`}>
              <ChevronLeft aria-hidden="true" /> Previous week
            </Link>
          </Button>
          <Button asChild variant={week.isCurrent ? "ghost" : "outline"} size="sm">
            <Link href={BASE} aria-current={week.isCurrent ? "page" : undefined}>
              This week
            </Link>
          </Button>
          <Button asChild variant="outline" size="sm">
            <Link href={`${BASE}?week=${week.next}`}>
              Next week <ChevronRight aria-hidden="true" />
            </Link>
          </Button>
        </div>
      </nav>

      {/* Phones: one day at a time (O1 "a day view for phones"). */}
      <section aria-labelledby="day-view-title" className="md:hidden" data-testid="day-view">
        <h3 id="day-view-title" className="sr-only">
          Day view
        </h3>
        <nav aria-label="Days" className="mb-3 grid grid-cols-7 gap-1">
          {week.days.map((day) => {
            const h = formatDayHeading(day);
            const current = day === shownDay;
            return (
              <Link
                key={day}
                href={`${BASE}?week=${week.monday}&day=${day}`}
                aria-current={current ? "date" : undefined}
                className={`grid justify-items-center rounded-md border px-0.5 py-1 text-xs focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring ${current ? "border-brand-700 bg-brand-700 text-white" : day === today ? "border-brand-300 bg-brand-50 text-brand-800" : "border-border bg-surface text-foreground"}`}
              >
                <span className="font-semibold">{h.weekday}</span>
                <span className="tabular-nums">{h.date.split(" ")[0]}</span>
                <span className="sr-only">{h.long}</span>
              </Link>
            );
          })}
        </nav>
        <h4 className="mb-2 text-sm font-semibold text-foreground">
          {formatDayHeading(shownDay).long}
          {shownDay === today ? <span className="font-normal text-muted-foreground"> · Today</span> : null}
        </h4>
        {(byDay.get(shownDay) ?? []).length ? (
          <ul className="grid gap-2">
            {(byDay.get(shownDay) ?? []).map((s) => (
              <li key={s.id}>
                <SessionCard session={s} tz={tz} now={ctx.now} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="rounded-md border border-dashed border-border p-4 text-sm text-muted-foreground">
            No sessions this day. Add one from a class, or pick another day.
          </p>
        )}
      </section>

      {/* Wider screens: the week on a time grid in the studio's zone. */}
      <div className="hidden md:block" data-testid="week-grid">
        <div className="grid grid-cols-[3.5rem_repeat(7,minmax(0,1fr))] border-b border-border" role="presentation">
          <div />
          {week.days.map((day) => {
            const h = formatDayHeading(day);
            const isToday = day === today;
            return (
              <h3
                key={day}
                id={`day-${day}`}
                className={`flex h-12 min-w-0 items-center justify-center gap-1 overflow-hidden whitespace-nowrap px-1 text-sm font-semibold ${isToday ? "rounded-t-md bg-brand-50 text-brand-800" : "text-foreground"}`}
              >
                <span aria-hidden="true">
                  {h.weekday} <span className="hidden font-normal text-muted-foreground lg:inline">{h.date}</span>
                </span>
                <span className="sr-only">{h.long}</span>
                {isToday ? (
                  <span className="rounded-full bg-brand-600 px-1.5 text-[0.65rem] font-medium leading-4 text-white max-lg:sr-only">
                    Today
                  </span>
                ) : null}
              </h3>
            );
          })}
        </div>
        <div
          className="relative grid grid-cols-[3.5rem_repeat(7,minmax(0,1fr))]"
          style={{ height: `${gridHeight}rem` }}
        >
          <div aria-hidden="true" className="relative">
            {hours.map((h) => (
              <span
                key={h}
                className="absolute right-2 -translate-y-1/2 text-xs tabular-nums text-muted-foreground"
                style={{ top: `${(h - grid.first) * HOUR_REM}rem` }}
              >
                {h === grid.first ? "" : `${String(h).padStart(2, "0")}:00`}
              </span>
            ))}
          </div>
          {week.days.map((day) => {
            const isToday = day === today;
            return (
              <section
                key={day}
                aria-labelledby={`day-${day}`}
                className={`relative border-l border-border ${isToday ? "bg-brand-50/40" : ""}`}
              >
                {hours.slice(1).map((h) => (
                  <div
                    key={h}
                    aria-hidden="true"
                    className="absolute inset-x-0 border-t border-border/60"
                    style={{ top: `${(h - grid.first) * HOUR_REM}rem` }}
                  />
                ))}
                {isToday && nowMinutes >= grid.first * 60 && nowMinutes <= grid.last * 60 ? (
                  <div
                    aria-hidden="true"
                    className="absolute inset-x-0 z-10 border-t-2 border-danger-500"
                    style={{ top: `${((nowMinutes - grid.first * 60) / 60) * HOUR_REM}rem` }}
                  />
                ) : null}
                {(placedByDay.get(day) ?? []).length ? (
                  <ul aria-label={`Sessions, ${formatDayHeading(day).long}`}>
                    {(placedByDay.get(day) ?? []).map((p) => (
                      <li
                        key={p.item.id}
                        className="absolute p-0.5"
                        style={{
                          top: `${((p.start - grid.first * 60) / 60) * HOUR_REM}rem`,
                          height: `${Math.max(((p.end - p.start) / 60) * HOUR_REM, 1.75)}rem`,
                          left: `${(p.lane / p.lanes) * 100}%`,
                          width: `${100 / p.lanes}%`,
                        }}
                      >
                        <SessionCard session={p.item} tz={tz} now={ctx.now} compact />
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="sr-only">No sessions</p>
                )}
              </section>
            );
          })}
        </div>
      </div>
    </>
  );
}
