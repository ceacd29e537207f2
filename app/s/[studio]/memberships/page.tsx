import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Repeat } from "lucide-react";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader } from "@/app/_ui";
import { MembershipStatusBadge } from "@/app/_components/memberships/status-badge";
import { INTERVAL_LABELS } from "@/app/_components/memberships/labels";
import { sessionUserId } from "@/lib/auth";
import { formatDate, formatMoney } from "@/lib/core/format";
import { lastDayOf } from "@/lib/core/time";
import { listMyMemberships } from "@/lib/memberships";
import { getMyProfile } from "@/lib/portal";
import { listMyRecurringMemberships } from "@/lib/stripe";
import { portalMember, portalStudio } from "../portal";
import { CancelMembershipForm, UpdateCardForm } from "./self-service-forms";

export const metadata: Metadata = { title: "My memberships" };

/**
 * Member self-service (P0, M8): the member's recurring memberships, each
 * cancellable in one confirmed step, and "Update card" through Stripe's
 * billing portal when the member pays by card.
 */
export default async function MyMembershipsPage({ params }: { params: Promise<{ studio: string }> }) {
  const { studio: slug } = await params;
  const studio = await portalStudio(slug);
  const member = await portalMember(slug);
  if (!member) {
    redirect(
      (await sessionUserId())
        ? `/s/${studio.slug}`
        : `/s/${studio.slug}/signin?next=${encodeURIComponent(`/s/${studio.slug}/memberships`)}`,
    );
  }
  const [mine, me, all] = await Promise.all([
    listMyRecurringMemberships(member),
    getMyProfile(member),
    listMyMemberships(member),
  ]);
  // Packs and passes too (own and through a company), not only recurring plans.
  const others = all.filter((m) => m.plan.kind !== "recurring" || m.inherited);
  const tz = studio.timezone;

  return (
    <>
      <PageHeader
        title="My memberships"
        description="Your memberships, packs and passes. Cancel a recurring membership here at any time; packs and passes end by themselves."
        actions={me.stripeCustomerId ? <UpdateCardForm studio={studio.slug} /> : undefined}
      />
      {others.length ? (
        <section aria-labelledby="packs-heading" className="mb-8 grid gap-3">
          <h2 id="packs-heading" className="text-lg font-semibold tracking-tight">
            Packs and passes
          </h2>
          <ul className="grid gap-3" aria-label="Packs and passes">
            {others.map((m) => (
              <li key={m.membership.id}>
                <Card>
                  <CardHeader>
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <CardTitle as="h3">{m.plan.name}</CardTitle>
                      <MembershipStatusBadge
                        status={m.status}
                        standing={
                          m.status === "active" && m.membership.sessionsRemaining === 0 ? "no_sessions_left" : undefined
                        }
                        startsAt={m.membership.startsAt}
                        now={member.now}
                        timeZone={tz}
                      />
                    </div>
                    <CardDescription>
                      {m.membership.sessionsRemaining !== null
                        ? `${m.membership.sessionsRemaining} ${m.membership.sessionsRemaining === 1 ? "session" : "sessions"} left${m.membership.sessionsTotal !== null ? ` of ${m.membership.sessionsTotal}` : ""}. `
                        : ""}
                      {m.membership.endsAt
                        ? `${m.membership.endsAt > member.now ? "Valid until" : "Ended"} ${formatDate(lastDayOf(m.membership.endsAt), tz)}.`
                        : "No end date."}
                      {m.companyName ? ` Through ${m.companyName}.` : ""}
                    </CardDescription>
                  </CardHeader>
                </Card>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {mine.length === 0 ? (
        <EmptyState
          icon={Repeat}
          title="No recurring memberships"
          description={`When you buy a monthly or yearly membership at ${studio.name}, it shows here and you can cancel it here.`}
          action={
            <Button asChild>
              <Link href={`/s/${studio.slug}/plans`}>See the plans</Link>
            </Button>
          }
        />
      ) : (
        <ul className="grid gap-4" aria-label="Recurring memberships">
          {mine.map((m) => (
            <li key={m.membership.id}>
              <Card>
                <CardHeader>
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <CardTitle as="h2">{m.plan.name}</CardTitle>
                    <MembershipStatusBadge
                      status={m.status}
                      startsAt={m.membership.startsAt}
                      now={member.now}
                      timeZone={tz}
                    />
                  </div>
                  <CardDescription>
                    {formatMoney(m.plan.priceCents, m.plan.currency)}{" "}
                    {m.plan.interval ? INTERVAL_LABELS[m.plan.interval] : ""},{" "}
                    {m.billedByStripe ? "paid by card" : "paid at the studio"}. Since{" "}
                    {formatDate(m.membership.startsAt, tz)}.
                  </CardDescription>
                </CardHeader>
                <CardContent className="grid gap-3 text-sm">
                  {m.membership.cancelledAt && m.status === "active" ? (
                    <p className="text-muted-foreground">
                      Cancelled on {formatDate(m.membership.cancelledAt, tz)}. You keep it until{" "}
                      {formatDate(lastDayOf(m.paidUntil), tz)}; it does not renew.
                    </p>
                  ) : m.membership.cancelledAt ? (
                    <p className="text-muted-foreground">Cancelled on {formatDate(m.membership.cancelledAt, tz)}.</p>
                  ) : m.membership.currentPeriodEnd ? (
                    <p className="text-muted-foreground">Paid until {formatDate(m.membership.currentPeriodEnd, tz)}.</p>
                  ) : null}
                  {m.cancellable ? (
                    <CancelMembershipForm
                      studio={studio.slug}
                      membershipId={m.membership.id}
                      planName={m.plan.name}
                      billedByStripe={m.billedByStripe}
                      paidUntil={formatDate(lastDayOf(m.paidUntil), tz)}
                    />
                  ) : null}
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
