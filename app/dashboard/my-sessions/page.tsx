import type { Metadata } from "next";
import Link from "next/link";
import { CalendarCheck } from "lucide-react";
import { Badge, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { getAttendance } from "@/lib/bookings/attendance";
import { listMySessions } from "@/lib/classes/sessions";
import { formatDate, formatTime } from "@/lib/core/format";
import { PresentToggle } from "../schedule/sessions/[id]/controls";

export const metadata: Metadata = { title: "My sessions" };

/** How far ahead "My sessions" looks. */
const DAYS = 14;

/**
 * T3: the sessions the signed-in staff member teaches (their own, or as the
 * class's instructor), soonest first, each with its attendance to mark. Booking
 * a client happens on the session's page, open to them for these sessions.
 */
export default async function MySessionsPage() {
  const ctx = await requireStaffContext();
  const tz = ctx.studio.timezone;
  const sessions = await listMySessions(ctx, { days: DAYS });
  const withAttendance = await Promise.all(
    sessions.map(async (s) => ({ session: s, attendance: s.cancelledAt ? [] : await getAttendance(ctx, s.id) })),
  );

  return (
    <>
      <PageHeader
        title="My sessions"
        description={`The sessions you teach in the next ${DAYS} days, with who is booked.`}
      />
      {withAttendance.length === 0 ? (
        <EmptyState
          icon={CalendarCheck}
          headingLevel="h2"
          title="No sessions to teach"
          description="Sessions you teach show here once a class or session names you as its instructor."
        />
      ) : (
        <ol className="grid gap-4" aria-label="Sessions you teach">
          {withAttendance.map(({ session: s, attendance }) => {
            const live = attendance.filter((a) => a.booking.status !== "cancelled");
            return (
              <li key={s.id}>
                <Card data-testid="my-session">
                  <CardHeader>
                    <CardTitle as="h2">
                      <Link
                        href={`/dashboard/schedule/sessions/${s.id}`}
                        className="text-brand-800 underline-offset-2 hover:underline"
                      >
                        {s.title}
                      </Link>{" "}
                      {s.substitute ? <Badge variant="neutral">Substitute</Badge> : null}
                      {s.cancelledAt ? <Badge variant="danger">Cancelled</Badge> : null}
                    </CardTitle>
                    <CardDescription>
                      <time dateTime={s.startsAt.toISOString()}>
                        {formatDate(s.startsAt, tz)}, {formatTime(s.startsAt, tz)}–{formatTime(s.endsAt, tz)}
                      </time>
                      {s.location ? ` · ${s.location}` : null} · {s.bookedCount}/{s.capacity} booked
                    </CardDescription>
                  </CardHeader>
                  <CardContent>
                    {live.length ? (
                      <ul className="grid gap-2" aria-label={`Attendance of ${s.title}`}>
                        {live.map(({ booking: b, clientName }) => (
                          <li key={b.id} className="flex items-center justify-between gap-4 text-sm">
                            <span className="font-medium">{clientName}</span>
                            <PresentToggle bookingId={b.id} present={b.present} clientName={clientName} />
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <p className="text-sm text-muted-foreground">Nobody is booked yet.</p>
                    )}
                    <p className="mt-3 text-sm">
                      <Link
                        href={`/dashboard/schedule/sessions/${s.id}`}
                        className="font-medium text-brand-700 underline underline-offset-2"
                      >
                        Book a client into this session
                      </Link>
                    </p>
                  </CardContent>
                </Card>
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
