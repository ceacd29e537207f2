import type { Metadata } from "next";
import { formatMoney } from "@/lib/core/format";
import { GuestBookingForm } from "./guest-booking-form";
import { orNotFound } from "@/app/_lib/or-not-found";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { Alert, Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, PageHeader } from "@/app/_ui";
import { sessionUserId, systemContext } from "@/lib/auth/context";
import { listMyBookings, listMyWaitlist } from "@/lib/bookings/my-bookings";
import { getClass } from "@/lib/classes/classes";
import { getSession } from "@/lib/classes/sessions";
import { listMyMemberships } from "@/lib/memberships/history";
import { visibleHouseholdPeople } from "@/lib/households/household-access";
import { listPrimaryMemberships } from "@/lib/households/primary-memberships";
import { portalMember, portalStudio } from "../../portal";
import { formatSessionWhen, placesLeft } from "../../schedule/format";
import { HouseholdSessionActions } from "./household-session-actions";
import { SessionActions } from "./session-actions";

export const metadata: Metadata = { title: "Class" };

/** One session of a class: when, where, places, and the member's Book / Cancel / Waitlist buttons (S1, B1, B2, B4). */
export default async function SessionPage({ params }: { params: Promise<{ studio: string; id: string }> }) {
  const { studio: slug, id } = await params;
  const studio = await portalStudio(slug);
  const member = await portalMember(slug);
  const ctx = member ?? (await systemContext(studio, "public schedule"));
  const tz = studio.timezone;

  const session = await orNotFound(getSession(ctx, id));
  const cls = await orNotFound(getClass(ctx, session.classId));
  if (cls.archivedAt) notFound();

  const [mine, waiting, memberships, people, shared] = member
    ? await Promise.all([
        listMyBookings(member),
        listMyWaitlist(member),
        listMyMemberships(member),
        visibleHouseholdPeople(member),
        listPrimaryMemberships(member),
      ])
    : [[], [], [], [], null];
  const here = mine.filter((b) => b.session.id === session.id && b.status === "booked");
  const booking = here.find((b) => b.attendee.relation === "me") ?? null;
  const entry = waiting.find((w) => w.sessionId === session.id) ?? null;
  // H1: an additional user books with the primary's packs too.
  const packs = [...memberships, ...(shared?.memberships ?? [])].filter(
    (m) => m.plan.kind === "sessions" && m.grantsRights && m.membership.sessionsRemaining !== null,
  );
  // H1: with participants to book for, the booking area asks "Who is coming?".
  const bookable = people.filter((p) => p.canManage);
  const places = here
    .filter((b) => b.attendee.canManage)
    .map((b) => ({ bookingId: b.id, clientId: b.attendee.id, name: b.attendee.name, isMe: b.attendee.relation === "me" }));

  const left = Math.max(0, session.capacity - session.bookedCount);
  const full = left === 0;
  const started = session.startsAt <= ctx.now;
  const next = `/s/${studio.slug}/sessions/${session.id}`;
  const signedIn = Boolean(await sessionUserId());

  return (
    <>
      <PageHeader
        title={session.title}
        description={formatSessionWhen(session, tz)}
        actions={
          <Button asChild variant="ghost" size="sm">
            <Link href={`/s/${studio.slug}/schedule`}>
              <ArrowLeft aria-hidden="true" /> Schedule
            </Link>
          </Button>
        }
      />
      <div className="grid gap-4 md:grid-cols-[1fr_20rem]">
        <Card>
          <CardHeader>
            <CardTitle as="h2">About this class</CardTitle>
            {cls.description ? <CardDescription className="whitespace-pre-line">{cls.description}</CardDescription> : null}
          </CardHeader>
          <CardContent>
            <dl className="grid gap-3 text-sm sm:grid-cols-2">
              <div>
                <dt className="text-muted-foreground">When</dt>
                <dd>
                  <time dateTime={session.startsAt.toISOString()}>{formatSessionWhen(session, tz)}</time>
                </dd>
              </div>
              <div>
                <dt className="text-muted-foreground">Where</dt>
                <dd>{session.location ?? studio.name}</dd>
              </div>
              <div>
                <dt className="text-muted-foreground">Places</dt>
                <dd>{full ? "Full — join waitlist" : placesLeft(left)}</dd>
              </div>
              <div>
                <dt className="text-muted-foreground">Who can book</dt>
                <dd className="flex flex-wrap items-center gap-1">
                  {session.memberOnly ? <Badge variant="brand">Members only</Badge> : "Everyone"}
                </dd>
              </div>
            </dl>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle as="h2">Your place</CardTitle>
            {booking || places.length ? (
              <CardDescription>
                <Badge variant="success">{booking ? "Booked" : `Booked for ${places.map((p) => p.name).join(", ")}`}</Badge>
              </CardDescription>
            ) : entry ? (
              <CardDescription>
                <Badge variant="warning">On the waitlist</Badge>
              </CardDescription>
            ) : null}
          </CardHeader>
          <CardContent className="grid gap-3">
            {session.cancelledAt ? (
              <Alert variant="warning" title="Cancelled">
                The studio cancelled this session.
              </Alert>
            ) : started ? (
              <p className="text-sm text-muted-foreground">This session has already started.</p>
            ) : member && bookable.length > 1 ? (
              <HouseholdSessionActions
                studio={studio.slug}
                sessionId={session.id}
                title={session.title}
                people={bookable.map((p) => ({ id: p.id, name: p.name, isMe: p.relation === "me" }))}
                places={places}
                waitlistEntryId={entry?.id ?? null}
                full={full}
              />
            ) : member ? (
              <SessionActions
                studio={studio.slug}
                sessionId={session.id}
                title={session.title}
                bookingId={booking?.id ?? null}
                waitlistEntryId={entry?.id ?? null}
                full={full}
              />
            ) : signedIn ? (
              <>
                <p className="text-sm text-muted-foreground">Join {studio.name} to book this class.</p>
                <Button asChild>
                  <Link href={`/s/${studio.slug}`}>Join {studio.name}</Link>
                </Button>
              </>
            ) : (
              <>
                <p className="text-sm text-muted-foreground">Sign in or create an account to book this class.</p>
                <div className="flex flex-wrap gap-2">
                  <Button asChild>
                    <Link href={`/s/${studio.slug}/signin?next=${encodeURIComponent(next)}`}>Sign in to book</Link>
                  </Button>
                  <Button asChild variant="outline">
                    <Link href={`/s/${studio.slug}/signup?next=${encodeURIComponent(next)}`}>Create an account</Link>
                  </Button>
                </div>
                {!cls.memberOnly && cls.dropInPriceCents !== null && !full && !session.cancelledAt ? (
                  <GuestBookingForm studio={studio.slug} sessionId={session.id} price={formatMoney(cls.dropInPriceCents, studio.currency)} />
                ) : null}
              </>
            )}
            {packs.length ? (
              <ul className="grid gap-1 border-t border-border pt-3 text-sm" aria-label={shared ? "Packs you can book with" : "Your packs"}>
                {packs.map((p) => (
                  <li key={p.membership.id}>
                    {p.plan.name}:{" "}
                    <span className="font-medium tabular-nums">
                      {p.membership.sessionsRemaining} {p.membership.sessionsRemaining === 1 ? "session" : "sessions"} left
                    </span>
                  </li>
                ))}
              </ul>
            ) : null}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
