import Link from "next/link";
import { CreditCard, Users } from "lucide-react";
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
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/_ui";
import { sessionUserId } from "@/lib/auth";
import { formatDate, formatDateTime, pluralNoun } from "@/lib/core/format";
import { listMyMemberships, type MyMembership } from "@/lib/memberships";
import { getMyProfile } from "@/lib/portal";
import { formatPeriod, MEMBER_LEDGER_LABELS, sessionsLeft } from "@/app/_components/memberships/labels";
import { MembershipStatusBadge } from "@/app/_components/memberships/status-badge";
import { ForbiddenError } from "@/lib/core/errors";
import { PORTAL_DISABLED_MESSAGE } from "@/lib/clients";
import { listHousehold, type Household, listPrimaryMemberships } from "@/lib/households";
import { joinStudioAction } from "./actions";
import { AddParticipantForm } from "./household-form";
import { portalAccessDisabled, portalMember, portalStudio } from "./portal";

export default async function PortalHome({
  params,
  searchParams,
}: {
  params: Promise<{ studio: string }>;
  searchParams: Promise<{ bought?: string; join?: string }>;
}) {
  const { studio: slug } = await params;
  const { bought, join } = await searchParams;
  const studio = await portalStudio(slug);
  const member = await portalMember(slug);

  if (member) {
    const [me, mine, household, shared] = await Promise.all([
      getMyProfile(member),
      listMyMemberships(member),
      // H1: a participant manages no household (forbidden): it simply has no such section.
      listHousehold(member).catch((e: unknown) => {
        if (e instanceof ForbiddenError) return null;
        throw e;
      }),
      listPrimaryMemberships(member),
    ]);
    return (
      <>
        <PageHeader title={`Hello, ${me.name.split(" ")[0]}`} description={`Your account at ${studio.name}.`} />
        {bought ? (
          <Alert variant="success" role="status" title="Bought" className="mt-4">
            Your new membership is below. Pay at the studio on your next visit.
          </Alert>
        ) : null}
        <div className="mt-6 grid gap-4 sm:grid-cols-2">
          <Card>
            <CardHeader>
              <CardTitle>Your details</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid gap-2 text-sm">
                <div>
                  <dt className="text-muted-foreground">Email</dt>
                  <dd>{me.email}</dd>
                </div>
                <div>
                  <dt className="text-muted-foreground">With us since</dt>
                  <dd>{formatDate(me.createdAt, studio.timezone)}</dd>
                </div>
              </dl>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>My member card</CardTitle>
              <CardDescription>Show its QR code at the front desk to check in.</CardDescription>
            </CardHeader>
            <CardContent>
              <Button asChild variant="outline">
                <Link href={`/s/${studio.slug}/card`}>My member card</Link>
              </Button>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Classes</CardTitle>
              <CardDescription>Book a class, or see and cancel the ones you booked.</CardDescription>
            </CardHeader>
            <CardContent className="flex flex-wrap gap-2">
              <Button asChild>
                <Link href={`/s/${studio.slug}/schedule`}>Book a class</Link>
              </Button>
              <Button asChild variant="outline">
                <Link href={`/s/${studio.slug}/bookings`}>My bookings</Link>
              </Button>
            </CardContent>
          </Card>
        </div>
        {household ? <YourHousehold household={household} myId={me.id} studio={studio.slug} /> : null}
        <MyMemberships memberships={mine} studioName={studio.name} timeZone={studio.timezone} now={member.now} />
        {shared ? (
          <MyMemberships
            memberships={shared.memberships}
            studioName={studio.name}
            timeZone={studio.timezone}
            now={member.now}
            heading={`${shared.primaryName}'s memberships`}
            headingId="primary-memberships"
            emptyText={`${shared.primaryName} has no memberships at ${studio.name} yet. What they hold shows here, and you can book with it.`}
          />
        ) : null}
      </>
    );
  }

  if (await portalAccessDisabled(slug)) {
    // H3: staff turned this client's portal access off: say so, and offer no way in.
    return (
      <Card className="mx-auto max-w-md">
        <CardHeader>
          <CardTitle as="h1">Portal access turned off</CardTitle>
          <CardDescription>{PORTAL_DISABLED_MESSAGE}</CardDescription>
        </CardHeader>
      </Card>
    );
  }

  if (await sessionUserId()) {
    return (
      <Card className="mx-auto max-w-md">
        <CardHeader>
          <CardTitle as="h1">Join {studio.name}</CardTitle>
          <CardDescription>
            You are signed in, but not yet a client of {studio.name}. Join with your Roster login.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {join === "check-email" ? (
            // A1: a login that has not confirmed its email is linked to nothing; the mailed link does the join.
            <Alert variant="info" role="status" title="Check your email to finish" className="mb-4">
              We sent a link to your email. Open it and enter your password to finish joining {studio.name}. The link
              works once, for 24 hours.
            </Alert>
          ) : null}
          <form action={joinStudioAction}>
            <input type="hidden" name="studio" value={studio.slug} />
            <Button type="submit">Join {studio.name}</Button>
          </form>
        </CardContent>
      </Card>
    );
  }

  return (
    <section className="mx-auto max-w-xl py-8 text-center">
      <h1 className="text-3xl font-semibold tracking-tight">{studio.name}</h1>
      <p className="mt-3 text-muted-foreground">
        Sign in to book classes and see your memberships, or create your account.
      </p>
      <div className="mt-6 flex justify-center gap-3">
        <Button asChild>
          <Link href={`/s/${studio.slug}/signup`}>Create an account</Link>
        </Button>
        <Button asChild variant="outline">
          <Link href={`/s/${studio.slug}/signin`}>Sign in</Link>
        </Button>
      </div>
    </section>
  );
}

const ROLE_LABELS = { participant: "Participant", additional_user: "Additional user" } as const;

/**
 * H1: "Your household" for a primary customer or an additional user: who is in
 * it, and a form to add a participant (someone booked and paid for, e.g. a child).
 */
function YourHousehold({ household, myId, studio }: { household: Household; myId: string; studio: string }) {
  const iAmPrimary = household.primary.id === myId;
  const others = household.members.filter((m) => m.id !== myId);
  return (
    <section aria-labelledby="household" className="mt-8 grid gap-4">
      <h2 id="household" className="text-lg font-semibold tracking-tight">
        Your household
      </h2>
      <Card>
        <CardHeader>
          <CardDescription>
            {iAmPrimary
              ? "Add the people you book classes for, such as your children. Their classes are paid from your memberships."
              : `You share ${household.primary.name}'s account: you can book for yourself and the household's participants with ${household.primary.name}'s memberships.`}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5">
          {others.length === 0 && iAmPrimary ? (
            <EmptyState
              icon={Users}
              headingLevel="h3"
              title="No one added yet"
              description="Add a person below; then pick them under “Who is coming?” when you book a class."
            />
          ) : (
            <ul className="grid gap-2" aria-label="People in your household">
              {iAmPrimary ? null : (
                <li className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-medium">{household.primary.name}</span>
                  <Badge variant="outline">Primary</Badge>
                </li>
              )}
              {others.map((m) => (
                <li key={m.id} className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-medium">{m.name}</span>
                  <Badge variant={m.role === "participant" ? "brand" : "outline"}>{ROLE_LABELS[m.role]}</Badge>
                </li>
              ))}
            </ul>
          )}
          <div className="grid gap-3 border-t border-border pt-5">
            <h3 className="text-sm font-semibold">Add a person</h3>
            <AddParticipantForm studio={studio} />
          </div>
        </CardContent>
      </Card>
    </section>
  );
}

/** "My memberships" (M5, M7): each one's effective status (M4), period, sessions left and ledger (S2). */
function MyMemberships({
  memberships,
  studioName,
  timeZone,
  now,
  heading = "My memberships",
  headingId = "my-memberships",
  emptyText,
}: {
  memberships: MyMembership[];
  studioName: string;
  timeZone: string;
  now: Date;
  heading?: string;
  headingId?: string;
  emptyText?: string;
}) {
  return (
    <section aria-labelledby={headingId} className="mt-8 grid gap-4">
      <h2 id={headingId} className="text-lg font-semibold tracking-tight">
        {heading}
      </h2>
      {memberships.length === 0 ? (
        <EmptyState
          icon={CreditCard}
          headingLevel="h3"
          title="No memberships yet"
          description={
            emptyText ??
            `When you buy a membership or class pack at ${studioName}, or the studio gives you one, it shows here with what you have left.`
          }
        />
      ) : (
        <ul className="grid gap-4">
          {memberships.map((m) => {
            const left = sessionsLeft(m.membership);
            return (
              <li key={m.membership.id}>
                <Card>
                  <CardHeader className="flex-row flex-wrap items-start justify-between gap-2">
                    <div className="grid gap-1">
                      <CardTitle as="h3">{m.plan.name}</CardTitle>
                      <CardDescription>{formatPeriod(m.membership, timeZone)}</CardDescription>
                    </div>
                    <div className="flex flex-wrap gap-1">
                      <MembershipStatusBadge
                        status={m.status}
                        startsAt={m.membership.startsAt}
                        now={now}
                        timeZone={timeZone}
                      />
                      {m.inherited ? <Badge variant="outline">Through {m.companyName ?? "your company"}</Badge> : null}
                    </div>
                  </CardHeader>
                  <CardContent className="grid gap-3">
                    {left !== null ? (
                      <p className="text-sm">
                        <span className="text-2xl font-semibold tabular-nums">{m.membership.sessionsRemaining}</span>{" "}
                        <span className="text-muted-foreground">
                          {m.membership.sessionsTotal !== null
                            ? `of ${m.membership.sessionsTotal} sessions left`
                            : `${pluralNoun(m.membership.sessionsRemaining ?? 0, "session")} left`}
                        </span>
                      </p>
                    ) : null}
                    {m.history.length ? (
                      <details className="group rounded-md border border-border">
                        <summary className="cursor-pointer rounded-md px-3 py-2 text-sm font-medium hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring">
                          History ({m.history.length})
                        </summary>
                        <div className="p-2">
                          <Table wrapperClassName="shadow-none">
                            <TableCaption className="sr-only">History of {m.plan.name}</TableCaption>
                            <TableHeader>
                              <TableRow>
                                <TableHead>When</TableHead>
                                <TableHead>What</TableHead>
                                <TableHead className="text-right">Sessions after</TableHead>
                              </TableRow>
                            </TableHeader>
                            <TableBody>
                              {m.history.map((h, i) => (
                                <TableRow key={i}>
                                  <TableCell className="whitespace-nowrap">{formatDateTime(h.at, timeZone)}</TableCell>
                                  <TableCell>
                                    {MEMBER_LEDGER_LABELS[h.reason]}{" "}
                                    <span className="text-muted-foreground tabular-nums">
                                      ({h.delta > 0 ? `+${h.delta}` : h.delta})
                                    </span>
                                  </TableCell>
                                  <TableCell className="text-right tabular-nums">{h.balanceAfter}</TableCell>
                                </TableRow>
                              ))}
                            </TableBody>
                          </Table>
                        </div>
                      </details>
                    ) : null}
                  </CardContent>
                </Card>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
