import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { CalendarCheck, CalendarPlus } from "lucide-react";
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
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/_ui";
import { requestOrigin } from "@/app/_lib/request-origin";
import { sessionUserId } from "@/lib/auth";
import { getCalendarToken } from "@/lib/bookings/calendar-feed";
import { isActiveBooking, listMyBookings, type MyBooking } from "@/lib/bookings/my-bookings";
import { listPrimaryMemberships } from "@/lib/households";
import { listMyMemberships } from "@/lib/memberships";
import { portalMember, portalStudio } from "../portal";
import { formatSessionWhen } from "../schedule/format";
import { cancelConsequence } from "../sessions/[id]/booking-preview";
import { CancelBookingForm, CancelResults } from "./cancel-booking-form";
import { CalendarLink } from "./calendar-link";

export const metadata: Metadata = { title: "My bookings" };

function pastLabel(
  b: MyBooking,
  now: Date,
): { text: string; variant: "neutral" | "danger" | "success" | "warning" | "brand" } {
  if (b.status === "cancelled") return { text: "Cancelled", variant: "neutral" };
  if (b.status === "no_show") return { text: "No-show", variant: "danger" };
  if (b.session.cancelledAt) return { text: "Session cancelled", variant: "warning" };
  if (b.session.endsAt > now) return { text: "Under way", variant: "brand" };
  return { text: "Attended", variant: "success" };
}

/** H1: who attends a booking of the household. */
function AttendeeBadge({ attendee }: { attendee: MyBooking["attendee"] }) {
  if (attendee.relation === "me") return <Badge variant="outline">You</Badge>;
  return <Badge variant="brand">For {attendee.name}</Badge>;
}

/** "My bookings": the active ones (S8) with Cancel, the sessions left on each pack (S1), and past ones. */
export default async function MyBookingsPage({ params }: { params: Promise<{ studio: string }> }) {
  const { studio: slug } = await params;
  const studio = await portalStudio(slug);
  const member = await portalMember(slug);
  if (!member) {
    redirect(
      (await sessionUserId())
        ? `/s/${studio.slug}`
        : `/s/${studio.slug}/signin?next=${encodeURIComponent(`/s/${studio.slug}/bookings`)}`,
    );
  }
  if (member.actor.kind !== "member") throw new Error("portalMember returned a non-member ctx");
  const tz = studio.timezone;
  const now = member.now;

  const [mine, memberships, shared, calendarToken, origin] = await Promise.all([
    listMyBookings(member),
    listMyMemberships(member),
    listPrimaryMemberships(member),
    getCalendarToken(member),
    requestOrigin(),
  ]);
  const active = mine.filter((b) => isActiveBooking(b, now));
  const past = mine.filter((b) => !isActiveBooking(b, now)).reverse();
  // S8: with a household (H1) the count covers everyone listed; alone it is the member's own active bookings.
  const activeCount = active.length;
  // H1: an additional user also books with the primary's packs.
  const packs = [...memberships, ...(shared?.memberships ?? [])].filter(
    (m) => m.plan.kind === "sessions" && m.grantsRights && m.membership.sessionsRemaining !== null,
  );
  const household = mine.some((b) => b.attendee.relation !== "me");
  // O4: each cancel says first whether its session comes back (B7, S6).
  const planNames = new Map(
    [...memberships, ...(shared?.memberships ?? [])].map((m) => [m.membership.id, m.plan.name]),
  );
  const consequences = new Map<string, string | null>();
  for (const b of active.filter((x) => x.attendee.canManage))
    consequences.set(
      b.id,
      await cancelConsequence(member, b.id, b.membershipId ? (planNames.get(b.membershipId) ?? null) : null),
    );

  return (
    <>
      <PageHeader
        title="My bookings"
        description={`${household ? "Your household's" : "Your"} classes at ${studio.name}. Times are in ${tz.replace(/_/g, " ")} time.`}
        actions={
          <div className="flex flex-wrap gap-2">
            <Button asChild variant="outline" size="sm">
              <a href="#calendar">
                <CalendarPlus aria-hidden="true" /> Add to my calendar
              </a>
            </Button>
            <Button asChild size="sm">
              <Link href={`/s/${studio.slug}/schedule`}>Book a class</Link>
            </Button>
          </div>
        }
      />

      <div className="grid gap-4 sm:grid-cols-2" aria-live="polite">
        <Card>
          <CardHeader>
            <CardTitle as="h2">Upcoming</CardTitle>
            <CardDescription>Booked and not yet started.</CardDescription>
          </CardHeader>
          <CardContent>
            <p data-testid="active-bookings" className="text-2xl font-semibold tabular-nums">
              {activeCount} active {activeCount === 1 ? "booking" : "bookings"}
            </p>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle as="h2">Your packs</CardTitle>
            <CardDescription>A booking takes one session; cancelling in time gives it back.</CardDescription>
          </CardHeader>
          <CardContent>
            {packs.length ? (
              <ul className="grid gap-1" aria-label="Sessions left on your packs">
                {packs.map((p) => (
                  <li key={p.membership.id}>
                    {p.plan.name}:{" "}
                    <span className="font-semibold tabular-nums">
                      {p.membership.sessionsRemaining} {p.membership.sessionsRemaining === 1 ? "session" : "sessions"}{" "}
                      left
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-muted-foreground">No active class packs.</p>
            )}
          </CardContent>
        </Card>
      </div>

      <section aria-labelledby="upcoming" className="mt-8 grid gap-3">
        <h2 id="upcoming" className="text-lg font-semibold tracking-tight">
          Upcoming classes
        </h2>
        <CancelResults>
          {active.length === 0 ? (
            <EmptyState
              icon={CalendarCheck}
              headingLevel="h3"
              title="No upcoming bookings"
              description="Find a class on the schedule and book your place."
              action={
                <Button asChild>
                  <Link href={`/s/${studio.slug}/schedule`}>See the schedule</Link>
                </Button>
              }
            />
          ) : (
            <ul className="grid gap-3">
              {active.map((b) => {
                const when = formatSessionWhen(b.session, tz);
                return (
                  <li key={b.id}>
                    <Card className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
                      <div className="grid gap-1">
                        <h3 className="font-medium">
                          <Link
                            href={`/s/${studio.slug}/sessions/${b.session.id}`}
                            className="rounded-sm underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring"
                          >
                            {b.cls.title}
                          </Link>
                        </h3>
                        <p className="text-sm text-muted-foreground">
                          <time dateTime={b.session.startsAt.toISOString()}>{when}</time>
                          {b.cls.location ? ` · ${b.cls.location}` : ""}
                        </p>
                        {household ? <AttendeeBadge attendee={b.attendee} /> : null}
                        {b.session.cancelledAt ? (
                          <Badge variant="warning">The studio cancelled this session</Badge>
                        ) : null}
                      </div>
                      {b.attendee.canManage ? (
                        <CancelBookingForm
                          studio={studio.slug}
                          bookingId={b.id}
                          title={b.cls.title}
                          consequence={consequences.get(b.id) ?? null}
                          label={
                            b.attendee.relation === "me"
                              ? `${b.cls.title}, ${when}`
                              : `${b.cls.title}, ${when}, for ${b.attendee.name}`
                          }
                        />
                      ) : null}
                    </Card>
                  </li>
                );
              })}
            </ul>
          )}
        </CancelResults>
      </section>

      {past.length ? (
        <section aria-labelledby="past" className="mt-8 grid gap-3">
          <h2 id="past" className="text-lg font-semibold tracking-tight">
            Past and cancelled
          </h2>
          <Table>
            <TableCaption className="sr-only">Past and cancelled bookings</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHead>Class</TableHead>
                {household ? <TableHead>Who</TableHead> : null}
                <TableHead>When</TableHead>
                <TableHead>Status</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {past.map((b) => {
                const label = pastLabel(b, now);
                return (
                  <TableRow key={b.id}>
                    <TableCell className="font-medium">{b.cls.title}</TableCell>
                    {household ? <TableCell>{b.attendee.relation === "me" ? "You" : b.attendee.name}</TableCell> : null}
                    <TableCell className="whitespace-nowrap">
                      <time dateTime={b.session.startsAt.toISOString()}>{formatSessionWhen(b.session, tz)}</time>
                    </TableCell>
                    <TableCell>
                      <Badge variant={label.variant}>{label.text}</Badge>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </section>
      ) : null}
      <Card id="calendar" className="mt-6 scroll-mt-6">
        <CardHeader>
          <CardTitle as="h2">Calendar</CardTitle>
          <CardDescription>Your bookings in your own calendar, kept up to date.</CardDescription>
        </CardHeader>
        <CardContent>
          <CalendarLink studioSlug={studio.slug} feedUrl={`${origin}/s/${studio.slug}/calendar/${calendarToken}.ics`} />
        </CardContent>
      </Card>
    </>
  );
}
