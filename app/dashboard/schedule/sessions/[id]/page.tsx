import type { Metadata } from "next";
import { orNotFound } from "@/app/_lib/or-not-found";
import Link from "next/link";
import { ArrowLeft, Users } from "lucide-react";
import {
  Badge,
  Button,
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
import { requireStaffContext } from "@/lib/auth";
import { getAttendance } from "@/lib/bookings/attendance";
import { unsignedFormTitles } from "@/lib/forms";
import { getClass, getSession } from "@/lib/classes";
import { formatDate } from "@/lib/core/format";
import { listClientMemberships, type HeldMembership } from "@/lib/memberships";
import { cancelBookingAction, leaveWaitlistAction, markNoShowAction, undoNoShowAction } from "../../actions";
import { BookingStatusBadge } from "@/app/dashboard/clients/[id]/client-labels";
import { historyStatus } from "@/lib/crm";
import { dayInZone } from "@/lib/core/time";
import { EditSessionButton } from "../../schedule-dialogs";
import { listWaitlist } from "@/lib/bookings/waitlist";
import { zoneLabel } from "../../week";
import { formatTime } from "@/lib/core/format";
import { AttachForm, BookClientForm, CancelSessionButton, PresentToggle, RowAction } from "./controls";
import { InstructorForm } from "../../instructor-form";
import { can, canInSession } from "@/lib/core/permissions";
import { listStaff } from "@/lib/team/team";

export const metadata: Metadata = { title: "Session" };

export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireStaffContext();
  const tz = ctx.studio.timezone;
  const { id } = await params;
  const session = await orNotFound(getSession(ctx, id));
  const cls = await getClass(ctx, session.classId);
  // T3: instructors see and mark the attendance, and book, only in the sessions they teach.
  const mayMark = canInSession(ctx, "attendance.mark", session.instructorId);
  const mayBook = canInSession(ctx, "bookings.manage", session.instructorId);
  const manage = can(ctx, "schedule.manage");
  const mayAttach = can(ctx, "memberships.sell");
  const team = manage ? (await listStaff(ctx)).map((s) => ({ id: s.userId, name: s.name ?? s.email })) : [];
  const attendance = mayMark ? await getAttendance(ctx, session.id) : [];
  const queue = await listWaitlist(ctx, session.id);
  // Plan names for "paid by", and the memberships a guest booking can be attached to (S7).
  const held = new Map<string, HeldMembership[]>();
  for (const clientId of new Set(attendance.map((a) => a.booking.clientId))) {
    held.set(clientId, await listClientMemberships(ctx, clientId));
  }
  // F1: "unsigned" badges: forms the class, or a plan the client holds, requires and the client has not signed.
  const unsigned = new Map<string, string[]>();
  for (const [clientId, ms] of held) {
    const titles = await unsignedFormTitles(ctx, [clientId], {
      classId: session.classId,
      planIds: ms.map((m) => m.plan.id),
    });
    unsigned.set(clientId, titles.get(clientId) ?? []);
  }
  const cancelled = session.cancelledAt !== null;
  const started = session.startsAt <= ctx.now;
  const when = `${formatDate(session.startsAt, tz)}, ${formatTime(session.startsAt, tz)}–${formatTime(session.endsAt, tz)} ${zoneLabel(session.startsAt, tz)}`;

  return (
    <>
      <PageHeader
        title={session.title}
        description={
          <>
            <time dateTime={session.startsAt.toISOString()}>{when}</time>
            {session.location ? ` · ${session.location}` : null}
          </>
        }
        actions={
          <>
            <Button asChild variant="ghost">
              <Link href={`/dashboard/schedule/classes/${session.classId}`}>
                <ArrowLeft aria-hidden="true" /> Class
              </Link>
            </Button>
            {manage && !cancelled ? (
              <EditSessionButton
                session={{
                  id: session.id,
                  title: session.title,
                  date: dayInZone(session.startsAt, tz),
                  time: formatTime(session.startsAt, tz),
                  durationMinutes: Math.round((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000),
                  capacity: session.capacity,
                  booked: session.bookedCount,
                  location: session.location === cls.location ? null : session.location,
                  classLocation: cls.location,
                  timeZone: tz,
                }}
              />
            ) : null}
            {manage && !cancelled && !started ? (
              <CancelSessionButton sessionId={session.id} title={session.title} />
            ) : null}
          </>
        }
      >
        <dl className="mt-1 flex flex-wrap gap-x-6 gap-y-1 text-sm">
          <div className="flex gap-1">
            <dt className="text-muted-foreground">Booked</dt>
            <dd className="font-medium tabular-nums" data-testid="booked-count">
              {session.bookedCount}/{session.capacity}
            </dd>
          </div>
          <div className="flex gap-1">
            <dt className="text-muted-foreground">Waitlist</dt>
            <dd className="font-medium tabular-nums" data-testid="waitlist-count">
              {session.waitlisted}
            </dd>
          </div>
          <div className="flex gap-1">
            <dt className="text-muted-foreground">Instructor</dt>
            <dd className="font-medium" data-testid="session-instructor">
              {session.instructorName ?? "Nobody named"}
              {session.substitute ? " (substitute)" : null}
            </dd>
          </div>
          {session.memberOnly ? <Badge variant="brand">Members only</Badge> : null}
          {cancelled ? <Badge variant="danger">Cancelled</Badge> : null}
        </dl>
      </PageHeader>

      <div className="grid gap-6 xl:grid-cols-[3fr_1fr]">
        <section aria-labelledby="attendance-title" className="min-w-0">
          <h2 id="attendance-title" className="mb-3 text-lg font-semibold text-foreground">
            Attendance
          </h2>
          {!mayMark ? (
            <p className="text-sm text-muted-foreground">
              Only the instructor of this session, the front desk and managers see its attendance.
            </p>
          ) : attendance.length ? (
            <Table aria-label="Attendance">
              <TableHeader>
                <TableRow>
                  <TableHead>Client</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Paid by</TableHead>
                  <TableHead>Present</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {attendance.map(({ booking: b, clientName, clientEmail }) => {
                  const memberships = held.get(b.clientId) ?? [];
                  const payer = b.membershipId
                    ? memberships.find((h) => h.membership.id === b.membershipId)
                    : undefined;
                  // O6: the same words as the client page: Booked, Attended (present, or ended), No-show, Cancelled.
                  const status = historyStatus(b.status, session.endsAt, ctx.now, b.present);
                  const active = b.status !== "cancelled";
                  const attachable = memberships.filter((h) => h.grantsRights || h.status === "active");
                  return (
                    <TableRow key={b.id}>
                      <TableCell>
                        <Link
                          href={`/dashboard/clients/${b.clientId}`}
                          className="font-medium text-brand-700 underline-offset-2 hover:underline"
                        >
                          {clientName}
                        </Link>
                        {clientEmail ? (
                          <span className="block text-xs text-muted-foreground">{clientEmail}</span>
                        ) : null}
                        {unsigned.get(b.clientId)?.length ? (
                          <Badge variant="warning" data-testid="unsigned-forms">
                            Unsigned: {unsigned.get(b.clientId)!.join(", ")}
                          </Badge>
                        ) : null}
                      </TableCell>
                      <TableCell>
                        <span data-testid="attendance-status">
                          <BookingStatusBadge status={status} />
                        </span>
                      </TableCell>
                      <TableCell>{b.membershipId ? (payer?.plan.name ?? "Membership") : "Drop-in"}</TableCell>
                      <TableCell>
                        {active ? <PresentToggle bookingId={b.id} present={b.present} clientName={clientName} /> : "—"}
                      </TableCell>
                      <TableCell>
                        {active ? (
                          <div className="flex flex-wrap items-start gap-2">
                            {b.status === "booked" ? (
                              <RowAction
                                action={markNoShowAction}
                                fields={{ bookingId: b.id }}
                                label="No-show"
                                pendingLabel="Saving…"
                                variant="ghost"
                                context={clientName}
                              />
                            ) : (
                              <RowAction
                                action={undoNoShowAction}
                                fields={{ bookingId: b.id }}
                                label="Undo no-show"
                                pendingLabel="Saving…"
                                variant="ghost"
                                context={clientName}
                              />
                            )}
                            {b.status === "booked" && !started && mayBook ? (
                              <RowAction
                                action={cancelBookingAction}
                                fields={{ bookingId: b.id }}
                                label="Cancel booking"
                                pendingLabel="Cancelling…"
                                variant="outline"
                              />
                            ) : null}
                            {mayAttach && !b.membershipId && attachable.length ? (
                              <AttachForm
                                bookingId={b.id}
                                clientName={clientName}
                                memberships={attachable.map((h) => ({
                                  id: h.membership.id,
                                  label:
                                    h.membership.sessionsRemaining === null
                                      ? h.plan.name
                                      : `${h.plan.name} (${h.membership.sessionsRemaining} left)`,
                                }))}
                              />
                            ) : null}
                          </div>
                        ) : null}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          ) : (
            <EmptyState
              icon={Users}
              headingLevel="h3"
              title="No bookings yet"
              description={cancelled ? "This session was cancelled." : "Book a client with the form beside this list."}
            />
          )}
        </section>

        <div className="grid content-start gap-6">
          {manage ? (
            <section aria-labelledby="instructor-title">
              <Card>
                <CardHeader>
                  <CardTitle id="instructor-title">Instructor</CardTitle>
                  <CardDescription>
                    Choose a substitute for this session only, or leave the class&apos;s instructor.
                  </CardDescription>
                </CardHeader>
                <CardContent>
                  <InstructorForm
                    kind="session"
                    id={session.id}
                    current={session.substitute ? session.instructorId : null}
                    team={team}
                    emptyLabel="The class's instructor"
                  />
                </CardContent>
              </Card>
            </section>
          ) : null}
          <section aria-labelledby="book-title">
            <Card>
              <CardHeader>
                <CardTitle id="book-title">Book a client</CardTitle>
                <CardDescription>
                  A new email adds the client. A membership pays when the client has one; otherwise it is a drop-in.
                </CardDescription>
              </CardHeader>
              <CardContent>
                {!mayBook ? (
                  <p className="text-muted-foreground">
                    Only the instructor of this session and the front desk book clients into it.
                  </p>
                ) : cancelled || started ? (
                  <p className="text-muted-foreground">
                    {cancelled ? "This session was cancelled." : "This session has started; booking is closed."}
                  </p>
                ) : (
                  <BookClientForm sessionId={session.id} />
                )}
              </CardContent>
            </Card>
          </section>
          <section aria-labelledby="waitlist-title">
            <Card>
              <CardHeader>
                <CardTitle id="waitlist-title">Waitlist</CardTitle>
                <CardDescription>
                  {session.waitlisted === 0
                    ? "Nobody is waiting."
                    : `${session.waitlisted} waiting. When a place frees up, the first in line who can pay is booked and emailed.`}
                </CardDescription>
              </CardHeader>
              {queue.length ? (
                <CardContent>
                  <ol aria-label="Waiting, first in line first" className="grid gap-2">
                    {queue.map((w, i) => (
                      <li key={w.id} className="flex items-center justify-between gap-2 text-sm">
                        <span>
                          <span className="mr-2 tabular-nums text-muted-foreground">{i + 1}.</span>
                          <Link
                            className="text-brand-700 underline-offset-2 hover:underline"
                            href={`/dashboard/clients/${w.clientId}`}
                          >
                            {w.name}
                          </Link>
                        </span>
                        <RowAction
                          action={leaveWaitlistAction}
                          fields={{ entryId: w.id }}
                          label={`Remove ${w.name}`}
                          pendingLabel="Removing…"
                          variant="ghost"
                        />
                      </li>
                    ))}
                  </ol>
                </CardContent>
              ) : null}
            </Card>
          </section>
        </div>
      </div>
    </>
  );
}
