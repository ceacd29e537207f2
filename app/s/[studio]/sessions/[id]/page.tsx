import type { Metadata } from "next";
import { formatMoney } from "@/lib/core/format";
import { GuestBookingForm } from "./guest-booking-form";
import { orNotFound } from "@/app/_lib/or-not-found";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { Alert, Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, PageHeader } from "@/app/_ui";
import { sessionUserId, systemContext } from "@/lib/auth";
import { listMyBookings, listMyWaitlist } from "@/lib/bookings/my-bookings";
import {
  bookingWindowFor,
  formatOpening,
  guestBookingNeedsForm,
  pastWaitlistCutoff,
  placeOffered,
} from "@/lib/bookings";
import { getClass, getSession } from "@/lib/classes";
import { listMyMemberships } from "@/lib/memberships";
import { visibleHouseholdPeople, listPrimaryMemberships } from "@/lib/households";
import { listPlans } from "@/lib/plans";
import { bookingCost, cancelConsequence, householdCost, type BookingCost } from "./booking-preview";
import { portalMember, portalStudio } from "../../portal";
import { formatSessionWhen, placesLeft } from "../../schedule/format";
import { HouseholdSessionActions } from "./household-session-actions";
import { PortalFormsToSign } from "../../forms-to-sign";
import { SessionActions } from "./session-actions";

export const metadata: Metadata = { title: "Class" };

/** One session of a class: when, where, places, and the member's Book / Cancel / Waitlist buttons (S1, B1, B2, B4). */
export default async function SessionPage({
  params,
  searchParams,
}: {
  params: Promise<{ studio: string; id: string }>;
  /** H1, O4: `who`: the household people chosen under "Who is coming?", whose price is said before confirming. */
  searchParams: Promise<{ who?: string | string[] }>;
}) {
  const { studio: slug, id } = await params;
  const who = [(await searchParams).who ?? []].flat();
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
    .map((b) => ({
      bookingId: b.id,
      membershipId: b.membershipId,
      clientId: b.attendee.id,
      name: b.attendee.name,
      isMe: b.attendee.relation === "me",
    }));

  const left = Math.max(0, session.capacity - session.bookedCount);
  const full = left === 0;
  const started = session.startsAt <= ctx.now;
  const next = `/s/${studio.slug}/sessions/${session.id}`;
  const signedIn = Boolean(await sessionUserId());

  // O4: what pays (or why not), and what a cancel would do, said before the member confirms.
  const held = new Map(
    [...memberships, ...(shared?.memberships ?? [])].map((m) => [
      m.membership.id,
      { name: m.plan.name, sessionsRemaining: m.membership.sessionsRemaining },
    ]),
  );
  const single = member && bookable.length <= 1 && !session.cancelledAt && !started;
  const cost: BookingCost | null =
    single && !booking ? await bookingCost(member, session.id, full || entry !== null) : null;
  // H1, O4: the people chosen (still without a place), each with what pays, and the total, before confirming.
  const chosen = bookable
    .filter((p) => who.includes(p.id) && !places.some((x) => x.clientId === p.id))
    .map((p) => ({ id: p.id, name: p.name, isMe: p.relation === "me" }));
  const household =
    member && !single && chosen.length && !session.cancelledAt && !started && !full
      ? await householdCost(member, session.id, chosen)
      : null;
  // O4: each household place's Cancel says what it does, as the single Cancel does.
  const householdPlaces =
    member && bookable.length > 1 && !session.cancelledAt && !started
      ? await Promise.all(
          places.map(async (p) => ({
            ...p,
            cancelText: await cancelConsequence(
              member,
              p.bookingId,
              p.membershipId ? (held.get(p.membershipId)?.name ?? null) : null,
            ),
          })),
        )
      : [];
  const cancelText =
    single && booking
      ? await cancelConsequence(
          member,
          booking.id,
          booking.membershipId ? (held.get(booking.membershipId)?.name ?? null) : null,
        )
      : null;
  // B10: past the waitlist cutoff a free place is offered to everyone waiting, to claim.
  const offered =
    Boolean(entry) && placeOffered(session, ctx.now) && pastWaitlistCutoff(studio, session.startsAt, ctx.now);
  // B8: a visitor (not signed in) sees when the studio's booking window opens.
  const guestOpensAt = member ? null : bookingWindowFor(studio, session, cls, []).opensAt;
  const guestNotYet = guestOpensAt && guestOpensAt > ctx.now ? formatOpening(guestOpensAt, tz) : null;
  const guestOffered =
    !member && !guestNotYet && !cls.memberOnly && cls.dropInPriceCents !== null && !full && !session.cancelledAt;
  // F1: a guest has no login to sign a form with: a class that needs one is booked signed in.
  const guestNeedsForm = guestOffered && !signedIn && (await guestBookingNeedsForm(ctx, cls.id));
  // B2: a members-only class names the plans that give access to it.
  const grantingPlans = cls.memberOnly
    ? (await listPlans(ctx, { publicOnly: true })).filter((p) => p.memberOnlyAccess)
    : [];
  const membersOnlyNote = cls.memberOnly ? (
    <Alert variant="info" title="Members only" data-testid="members-only">
      {grantingPlans.length ? (
        <>
          Booking needs an active membership that gives access to this class:{" "}
          {grantingPlans.map((p) => p.name).join(", ")}. <Link href={`/s/${studio.slug}/plans`}>See the plans</Link>
        </>
      ) : (
        "Booking needs an active membership that gives access to this class. Ask the studio which one."
      )}
    </Alert>
  ) : null;

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
            {cls.description ? (
              <CardDescription className="whitespace-pre-line">{cls.description}</CardDescription>
            ) : null}
          </CardHeader>
          <CardContent>
            <dl className="grid gap-3 text-sm sm:grid-cols-2">
              <div>
                <dt className="text-muted-foreground">When</dt>
                <dd>
                  <time dateTime={session.startsAt.toISOString()}>{formatSessionWhen(session, tz)}</time>
                </dd>
              </div>
              {session.instructorName ? (
                <div>
                  <dt className="text-muted-foreground">Instructor</dt>
                  <dd>{session.instructorName}</dd>
                </div>
              ) : null}
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
                <Badge variant="success">
                  {booking ? "Booked" : `Booked for ${places.map((p) => p.name).join(", ")}`}
                </Badge>
              </CardDescription>
            ) : entry ? (
              <CardDescription>
                <Badge variant="warning">On the waitlist</Badge>
              </CardDescription>
            ) : null}
          </CardHeader>
          <CardContent className="grid gap-3">
            {member && !session.cancelledAt && !started && !booking ? (
              <PortalFormsToSign member={member} target={{ classId: cls.id }} people={bookable} next={next} />
            ) : null}
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
                places={householdPlaces}
                waitlistEntryId={entry?.id ?? null}
                full={full}
                cost={household}
              />
            ) : member && cost && !cost.ok && cost.code === "booking_not_open" ? (
              <Alert variant="info" title="Not open for booking yet" data-testid="booking-opens">
                {cost.text} Members can book from then.
              </Alert>
            ) : member && cost && !cost.ok && cost.code === "membership_required" && cls.memberOnly ? (
              membersOnlyNote
            ) : member && cost && !cost.ok ? (
              <Alert variant="warning" title="You cannot book this class now">
                {cost.text}
                {cost.code === "no_sessions_left" || cost.code === "membership_required" ? (
                  <>
                    {" "}
                    <Link href={`/s/${studio.slug}/plans`}>See the plans</Link>
                  </>
                ) : null}
              </Alert>
            ) : member ? (
              <SessionActions
                studio={studio.slug}
                sessionId={session.id}
                title={session.title}
                bookingId={booking?.id ?? null}
                waitlistEntryId={entry?.id ?? null}
                full={full}
                cost={cost?.ok ? cost.text : null}
                cancelText={cancelText}
                offered={offered}
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
                {membersOnlyNote}
                <p className="text-sm text-muted-foreground">Sign in or create an account to book this class.</p>
                <div className="flex flex-wrap gap-2">
                  <Button asChild>
                    <Link href={`/s/${studio.slug}/signin?next=${encodeURIComponent(next)}`}>Sign in to book</Link>
                  </Button>
                  <Button asChild variant="outline">
                    <Link href={`/s/${studio.slug}/signup?next=${encodeURIComponent(next)}`}>Create an account</Link>
                  </Button>
                </div>
                {guestNotYet ? (
                  <p className="text-sm text-muted-foreground" data-testid="booking-opens">
                    Booking opens {guestNotYet}.
                  </p>
                ) : null}
                {guestNeedsForm ? (
                  <p className="border-t border-border pt-4 text-sm" data-testid="guest-form-required">
                    This class needs a signed form:{" "}
                    <Link href={`/s/${studio.slug}/signin?next=${encodeURIComponent(next)}`}>sign in</Link> or{" "}
                    <Link href={`/s/${studio.slug}/signup?next=${encodeURIComponent(next)}`}>join</Link> to book.
                  </p>
                ) : guestOffered && cls.dropInPriceCents !== null ? (
                  <GuestBookingForm
                    studio={studio.slug}
                    sessionId={session.id}
                    price={formatMoney(cls.dropInPriceCents, studio.currency)}
                  />
                ) : null}
              </>
            )}
            {packs.length ? (
              <ul
                className="grid gap-1 border-t border-border pt-3 text-sm"
                aria-label={shared ? "Packs you can book with" : "Your packs"}
              >
                {packs.map((p) => (
                  <li key={p.membership.id}>
                    {p.plan.name}:{" "}
                    <span className="font-medium tabular-nums">
                      {p.membership.sessionsRemaining} {p.membership.sessionsRemaining === 1 ? "session" : "sessions"}{" "}
                      left
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
