import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Repeat } from "lucide-react";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader } from "@/app/_ui";
import { MembershipStatusBadge } from "@/app/_components/memberships/status-badge";
import { INTERVAL_LABELS } from "@/app/_components/memberships/labels";
import { sessionUserId } from "@/lib/auth/context";
import { formatDate, formatMoney } from "@/lib/core/format";
import { getMyProfile } from "@/lib/portal/get-my-profile";
import { listMyRecurringMemberships } from "@/lib/stripe/cancel-my-membership";
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
    redirect((await sessionUserId()) ? `/s/${studio.slug}` : `/s/${studio.slug}/signin?next=${encodeURIComponent(`/s/${studio.slug}/memberships`)}`);
  }
  const [mine, me] = await Promise.all([listMyRecurringMemberships(member), getMyProfile(member)]);
  const tz = studio.timezone;

  return (
    <>
      <PageHeader
        title="My memberships"
        description="Your recurring memberships. Cancel one here at any time; packs and passes end by themselves."
        actions={me.stripeCustomerId ? <UpdateCardForm studio={studio.slug} /> : undefined}
      />
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
                    <MembershipStatusBadge status={m.status} startsAt={m.membership.startsAt} now={member.now} timeZone={tz} />
                  </div>
                  <CardDescription>
                    {formatMoney(m.plan.priceCents, m.plan.currency)} {m.plan.interval ? INTERVAL_LABELS[m.plan.interval] : ""},{" "}
                    {m.billedByStripe ? "paid by card" : "paid at the studio"}. Since {formatDate(m.membership.startsAt, tz)}.
                  </CardDescription>
                </CardHeader>
                <CardContent className="grid gap-3 text-sm">
                  {m.membership.cancelledAt ? (
                    <p className="text-muted-foreground">Cancelled on {formatDate(m.membership.cancelledAt, tz)}.</p>
                  ) : m.membership.currentPeriodEnd ? (
                    <p className="text-muted-foreground">Paid until {formatDate(m.membership.currentPeriodEnd, tz)}.</p>
                  ) : null}
                  {m.cancellable ? (
                    <CancelMembershipForm studio={studio.slug} membershipId={m.membership.id} planName={m.plan.name} billedByStripe={m.billedByStripe} />
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
