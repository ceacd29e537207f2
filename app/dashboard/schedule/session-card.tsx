import Link from "next/link";
import { Badge } from "@/app/_ui";
import type { SessionView } from "@/lib/classes";
import { formatTime } from "@/lib/core/format";

/** One session on the week view: time, title, instructor, places; past ones dimmed, cancelled ones struck through. */
export function SessionCard({
  session: s,
  tz,
  now,
  compact = false,
}: {
  session: SessionView;
  tz: string;
  now: Date;
  compact?: boolean;
}) {
  const cancelled = s.cancelledAt !== null;
  const past = s.endsAt <= now;
  return (
    <Link
      href={`/dashboard/schedule/sessions/${s.id}`}
      data-testid="week-session"
      data-past={past ? "true" : undefined}
      className={`block overflow-hidden rounded-md border text-sm shadow-xs transition-colors hover:border-brand-300 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring ${compact ? "h-full px-1.5 py-1 text-xs" : "p-2"} ${past ? "border-border bg-muted text-muted-foreground opacity-70" : "border-brand-200 bg-surface hover:bg-brand-50"}`}
    >
      <span className="block font-medium tabular-nums">
        <time dateTime={s.startsAt.toISOString()}>{formatTime(s.startsAt, tz)}</time>–
        <time dateTime={s.endsAt.toISOString()}>{formatTime(s.endsAt, tz)}</time>
        {past ? <span className="sr-only"> (past)</span> : null}
      </span>
      <span className={`block truncate font-medium ${past ? "" : "text-brand-800"} ${cancelled ? "line-through" : ""}`}>
        {s.title}
      </span>
      {s.instructorName ? (
        <span className="block truncate text-muted-foreground" data-testid="week-instructor">
          <span className="sr-only">Instructor: </span>
          {s.instructorName}
          {s.substitute ? " (sub)" : null}
        </span>
      ) : null}
      <span className="mt-0.5 flex flex-wrap items-center gap-1 text-muted-foreground">
        <span className="tabular-nums">
          {s.bookedCount}/{s.capacity}
          <span className="sr-only"> booked</span>
        </span>
        {s.waitlisted > 0 ? <Badge variant="warning">{s.waitlisted} waiting</Badge> : null}
        {cancelled ? <Badge variant="danger">Cancelled</Badge> : null}
      </span>
    </Link>
  );
}
