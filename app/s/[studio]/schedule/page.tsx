import type { Metadata } from "next";
import Link from "next/link";
import { CalendarDays, MapPin } from "lucide-react";
import { Badge, Button, Card, EmptyState, PageHeader } from "@/app/_ui";
import { systemContext } from "@/lib/auth";
import { listMyBookings, listMyWaitlist } from "@/lib/bookings/my-bookings";
import { bookingWindowFor, formatOpening, pastWaitlistCutoff, placeOffered } from "@/lib/bookings";
import { listClasses, listSessions } from "@/lib/classes";
import { dayInZone, nextDay, zonedDayStart } from "@/lib/core/time";
import { listClientMemberships } from "@/lib/memberships";
import { portalMember, portalStudio } from "../portal";
import { formatDayHeading, groupByDay, placesLeft } from "./format";
import { formatTime } from "@/lib/core/format";

export const metadata: Metadata = { title: "Schedule" };

/** How many calendar days (in the studio's zone) the public schedule shows, today included. */
const DAYS = 14;

/**
 * The public schedule: the next 14 days of sessions, grouped by day in the
 * studio's zone. Guests browse it; members also see which they booked. Cancelled
 * sessions and sessions of archived classes are not shown.
 */
export default async function SchedulePage({ params }: { params: Promise<{ studio: string }> }) {
  const { studio: slug } = await params;
  const studio = await portalStudio(slug);
  const member = await portalMember(slug);
  const ctx = member ?? (await systemContext(studio, "public schedule"));
  const tz = studio.timezone;

  let endDay = dayInZone(ctx.now, tz);
  for (let i = 0; i < DAYS; i++) endDay = nextDay(endDay)!;
  const to = zonedDayStart(endDay, tz)!;

  const [sessions, classes, mine, waiting, held] = await Promise.all([
    listSessions(ctx, { from: ctx.now, to }),
    listClasses(ctx),
    member ? listMyBookings(member) : Promise.resolve([]),
    member ? listMyWaitlist(member) : Promise.resolve([]),
    member && member.actor.kind === "member"
      ? listClientMemberships(member, member.actor.clientId)
      : Promise.resolve([]),
  ]);
  // B2: members-only sessions say "Details" (the session page says why and which plans give access) to those without.
  const membersAccess = held.some((h) => h.grantsRights && h.plan.memberOnlyAccess);
  const live = new Set(classes.map((c) => c.id));
  const visible = sessions.filter((s) => !s.cancelledAt && live.has(s.classId) && s.startsAt > ctx.now);
  // The member's own places; a household's other bookings (H1) show on the session page and My bookings.
  const booked = new Set(
    mine.filter((b) => b.status === "booked" && b.attendee.relation === "me").map((b) => b.session.id),
  );
  const waitlisted = new Set(waiting.map((w) => w.sessionId));
  const days = groupByDay(visible, tz);

  return (
    <>
      <PageHeader
        title="Schedule"
        description={`Classes at ${studio.name} in the next two weeks. Times are in ${tz.replace(/_/g, " ")} time.`}
        actions={
          member ? (
            <Button asChild variant="outline" size="sm">
              <Link href={`/s/${studio.slug}/bookings`}>My bookings</Link>
            </Button>
          ) : null
        }
      />
      {days.length === 0 ? (
        <EmptyState
          icon={CalendarDays}
          title="No classes in the next two weeks"
          description={`${studio.name} has not scheduled any classes yet. Check back soon.`}
        />
      ) : (
        <div className="grid gap-8">
          {days.map((d) => (
            <section key={d.day} aria-labelledby={`day-${d.day}`} className="grid gap-3">
              <h2 id={`day-${d.day}`} className="text-lg font-semibold tracking-tight">
                {formatDayHeading(d.first, tz)}
              </h2>
              <ul className="grid gap-3" aria-label={`Classes on ${formatDayHeading(d.first, tz)}`}>
                {d.items.map((s) => {
                  const left = Math.max(0, s.capacity - s.bookedCount);
                  // B8: before the member's booking window opens, when it opens instead of a Book button.
                  const opensAt = booked.has(s.id) ? null : bookingWindowFor(studio, s, s, held).opensAt;
                  const notYet = opensAt !== null && opensAt > ctx.now ? formatOpening(opensAt, tz) : null;
                  const verb = booked.has(s.id)
                    ? "View"
                    : s.memberOnly && !membersAccess
                      ? "Details"
                      : left > 0
                        ? "Book"
                        : "View";
                  return (
                    <li key={s.id}>
                      <Card className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
                        <div className="flex gap-4">
                          <p className="w-24 shrink-0 text-sm font-semibold tabular-nums">
                            <time dateTime={s.startsAt.toISOString()}>{formatTime(s.startsAt, tz)}</time>
                            <span className="block font-normal text-muted-foreground">
                              to <time dateTime={s.endsAt.toISOString()}>{formatTime(s.endsAt, tz)}</time>
                            </span>
                          </p>
                          <div className="grid gap-1">
                            <h3 className="font-medium">
                              <Link
                                href={`/s/${studio.slug}/sessions/${s.id}`}
                                className="rounded-sm underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring"
                              >
                                {s.title}
                                <span className="sr-only">, {formatTime(s.startsAt, tz)}</span>
                              </Link>
                            </h3>
                            {s.instructorName ? (
                              <p className="text-sm text-muted-foreground">with {s.instructorName}</p>
                            ) : null}
                            {s.location ? (
                              <p className="flex items-center gap-1 text-sm text-muted-foreground">
                                <MapPin aria-hidden="true" className="size-3.5" />
                                {s.location}
                              </p>
                            ) : null}
                            <div className="flex flex-wrap gap-1">
                              {s.memberOnly ? <Badge variant="brand">Members only</Badge> : null}
                              {booked.has(s.id) ? <Badge variant="success">Booked</Badge> : null}
                              {waitlisted.has(s.id) ? (
                                placeOffered(s, ctx.now) && pastWaitlistCutoff(studio, s.startsAt, ctx.now) ? (
                                  <Badge variant="success">A place is free — claim it</Badge>
                                ) : (
                                  <Badge variant="warning">On the waitlist</Badge>
                                )
                              ) : null}
                            </div>
                          </div>
                        </div>
                        <div className="flex items-center justify-between gap-3 sm:justify-end">
                          <p className="text-sm">
                            {notYet ? (
                              <span className="text-muted-foreground" data-testid="booking-opens">
                                Booking opens {notYet}
                              </span>
                            ) : left > 0 ? (
                              <span className="tabular-nums">{placesLeft(left)}</span>
                            ) : (
                              <span className="font-medium text-warning-900">Full — join waitlist</span>
                            )}
                          </p>
                          <Button asChild size="sm" variant={booked.has(s.id) || notYet ? "outline" : "primary"}>
                            <Link
                              href={`/s/${studio.slug}/sessions/${s.id}`}
                              aria-label={`${notYet ? "Details" : verb} ${s.title} at ${formatTime(s.startsAt, tz)}`}
                            >
                              {notYet ? "Details" : verb}
                            </Link>
                          </Button>
                        </div>
                      </Card>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
        </div>
      )}
    </>
  );
}
