import type { Metadata } from "next";
import Link from "next/link";
import { CalendarDays, ChevronLeft, ChevronRight, Plus } from "lucide-react";
import { Badge, Button, EmptyState, PageHeader } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth/context";
import { listClasses } from "@/lib/classes/classes";
import { listSessions } from "@/lib/classes/sessions";
import { dayInZone } from "@/lib/core/time";
import { formatDayHeading, studioWeek } from "./week";
import { formatTime } from "@/lib/core/format";

export const metadata: Metadata = { title: "Schedule" };

const BASE = "/dashboard/schedule";

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

      <ol className="grid gap-3 md:grid-cols-7" aria-label="Days of the week">
        {week.days.map((day) => {
          const h = formatDayHeading(day);
          const list = byDay.get(day) ?? [];
          const isToday = day === today;
          return (
            <li
              key={day}
              aria-labelledby={`day-${day}`}
              className={`grid content-start gap-2 rounded-lg border p-2 ${isToday ? "border-brand-300 bg-brand-50/40" : "border-border bg-surface"}`}
            >
              <h3 id={`day-${day}`} className="text-sm font-semibold text-foreground">
                <span aria-hidden="true">
                  {h.weekday} <span className="font-normal text-muted-foreground">{h.date}</span>
                </span>
                <span className="sr-only">{h.long}</span>
                {isToday ? <Badge variant="brand" className="ml-1">Today</Badge> : null}
              </h3>
              {list.length ? (
                <ul className="grid gap-2">
                  {list.map((s) => {
                    const cancelled = s.cancelledAt !== null;
                    return (
                      <li key={s.id}>
                        <Link
                          href={`${BASE}/sessions/${s.id}`}
                          className={`block rounded-md border border-border p-2 text-sm shadow-xs transition-colors hover:border-brand-300 hover:bg-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring ${cancelled ? "opacity-70" : ""}`}
                        >
                          <span className="block font-medium tabular-nums text-foreground">
                            <time dateTime={s.startsAt.toISOString()}>{formatTime(s.startsAt, tz)}</time>
                          </span>
                          <span className={`block font-medium text-brand-800 ${cancelled ? "line-through" : ""}`}>{s.title}</span>
                          <span className="mt-1 flex flex-wrap items-center gap-1 text-xs text-muted-foreground">
                            <span>
                              {s.bookedCount}/{s.capacity}
                              <span className="sr-only"> booked</span>
                            </span>
                            {s.waitlisted > 0 ? <Badge variant="warning">{s.waitlisted} waiting</Badge> : null}
                            {cancelled ? <Badge variant="danger">Cancelled</Badge> : null}
                          </span>
                        </Link>
                      </li>
                    );
                  })}
                </ul>
              ) : (
                <p className="text-xs text-muted-foreground">No sessions</p>
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}
