import type { Metadata } from "next";
import { orNotFound } from "@/app/_lib/or-not-found";
import Link from "next/link";
import { ArrowLeft, CalendarDays } from "lucide-react";
import {
  Alert,
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
import { getClass, listSessions } from "@/lib/classes";
import { formatDateTime, formatMoney } from "@/lib/core/format";
import { dayInZone } from "@/lib/core/time";
import { AddSessionsForm } from "../../add-sessions-form";
import { InstructorForm } from "../../instructor-form";
import { ArchiveClassButton, CancelSeriesButton, EditClassButton } from "../../schedule-dialogs";
import { listStaff } from "@/lib/team/team";
import { can } from "@/lib/core/permissions";

export const metadata: Metadata = { title: "Class" };

/** How far ahead the class page lists sessions (the listing's own maximum). */
const AHEAD_DAYS = 92;

export default async function ClassPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireStaffContext();
  const { id } = await params;
  const sp = await searchParams;
  const tz = ctx.studio.timezone;
  const cls = await orNotFound(getClass(ctx, id));
  const sessions = await listSessions(ctx, {
    from: ctx.now,
    to: new Date(ctx.now.getTime() + AHEAD_DAYS * 86_400_000),
    classId: cls.id,
  });
  const manage = can(ctx, "schedule.manage");
  const team = (await listStaff(ctx)).map((s) => ({ id: s.userId, name: s.name ?? s.email }));
  const instructor = team.find((t) => t.id === cls.instructorId);
  const facts = [
    instructor ? `Taught by ${instructor.name}` : null,
    `${cls.capacity} places`,
    `${cls.durationMinutes} min`,
    cls.location,
    cls.dropInPriceCents === null
      ? "Membership only"
      : `Drop-in ${formatMoney(cls.dropInPriceCents, ctx.studio.currency)}`,
  ].filter(Boolean);

  return (
    <>
      <PageHeader
        title={cls.title}
        description={facts.join(" · ")}
        actions={
          <>
            <Button asChild variant="ghost">
              <Link href="/dashboard/schedule/classes">
                <ArrowLeft aria-hidden="true" /> All classes
              </Link>
            </Button>
            {manage ? (
              <>
                <EditClassButton
                  cls={{
                    id: cls.id,
                    title: cls.title,
                    description: cls.description,
                    capacity: cls.capacity,
                    durationMinutes: cls.durationMinutes,
                    location: cls.location,
                    memberOnly: cls.memberOnly,
                    dropInPrice: cls.dropInPriceCents === null ? "" : (cls.dropInPriceCents / 100).toFixed(2),
                  }}
                />
                <ArchiveClassButton classId={cls.id} title={cls.title} archived={cls.archivedAt !== null} />
              </>
            ) : null}
          </>
        }
      >
        <div className="flex flex-wrap gap-1">
          {cls.memberOnly ? <Badge variant="brand">Members only</Badge> : null}
          {cls.archivedAt ? <Badge>Archived</Badge> : null}
        </div>
        {manage ? (
          <div className="mt-3 max-w-sm">
            <InstructorForm kind="class" id={cls.id} current={cls.instructorId} team={team} emptyLabel="Nobody named" />
          </div>
        ) : null}
      </PageHeader>

      {sp.created ? (
        <Alert variant="success" title="Class created" role="status" className="mb-6">
          Now add its sessions below.
        </Alert>
      ) : null}
      {cls.description ? <p className="mb-6 max-w-prose text-sm text-foreground">{cls.description}</p> : null}

      <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
        <section aria-labelledby="upcoming" className="min-w-0">
          <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
            <h2 id="upcoming" className="text-lg font-semibold text-foreground">
              Upcoming sessions
            </h2>
            {manage && sessions.some((s) => s.cancelledAt === null) ? (
              <CancelSeriesButton classId={cls.id} title={cls.title} today={dayInZone(ctx.now, tz)} />
            ) : null}
          </div>
          {sessions.length ? (
            <Table aria-label="Upcoming sessions">
              <TableHeader>
                <TableRow>
                  <TableHead>Starts ({tz})</TableHead>
                  <TableHead>Booked</TableHead>
                  <TableHead>Waitlist</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {sessions.map((s) => (
                  <TableRow key={s.id}>
                    <TableCell>
                      <Link
                        href={`/dashboard/schedule/sessions/${s.id}`}
                        className="font-medium text-brand-700 underline-offset-2 hover:underline"
                      >
                        {formatDateTime(s.startsAt, tz)}
                      </Link>
                      {s.cancelledAt ? (
                        <Badge variant="danger" className="ml-2">
                          Cancelled
                        </Badge>
                      ) : null}
                    </TableCell>
                    <TableCell className="tabular-nums">
                      {s.bookedCount}/{s.capacity}
                    </TableCell>
                    <TableCell className="tabular-nums">{s.waitlisted}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : (
            <EmptyState
              icon={CalendarDays}
              headingLevel="h3"
              title="No upcoming sessions"
              description={`Add a one-off session or a weekly schedule. Sessions in the next ${AHEAD_DAYS} days are listed here.`}
            />
          )}
        </section>

        <section aria-labelledby="add-sessions-title">
          <Card>
            <CardHeader>
              <CardTitle id="add-sessions-title">Add sessions</CardTitle>
              <CardDescription>Each session copies the class&apos;s capacity and length.</CardDescription>
            </CardHeader>
            <CardContent>
              {cls.archivedAt ? (
                <p className="text-muted-foreground">This class is archived; restore it before scheduling sessions.</p>
              ) : (
                <AddSessionsForm classId={cls.id} timeZone={tz} today={dayInZone(ctx.now, tz)} />
              )}
            </CardContent>
          </Card>
        </section>
      </div>
    </>
  );
}
