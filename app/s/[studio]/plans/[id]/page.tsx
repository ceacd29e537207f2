import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { orNotFound } from "@/app/_lib/or-not-found";
import { Alert, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, PageHeader } from "@/app/_ui";
import { sessionUserId, systemContext } from "@/lib/auth";
import { formatDateTime, formatMoney } from "@/lib/core/format";
import { getPublicPlan } from "@/lib/plans";
import { bookingsAffectedByNewPack } from "@/lib/portal";
import { getStripeStatus } from "@/lib/stripe";
import { portalMember, portalStudio } from "../../portal";
import { priceText, whatYouGet } from "@/app/_components/memberships/plan-terms";
import { BuyPlanForm } from "./buy-form";
import { PromoCodeApply, promoResult } from "@/app/_components/offers/promo-code";
import { PortalFormsToSign } from "../../forms-to-sign";

export const metadata: Metadata = { title: "Buy a plan" };

/**
 * One public plan and its "Buy" button (P0): by card through Stripe Checkout
 * when the studio takes card payments, otherwise paid at the studio. Before a
 * member buys another pack of a plan, the bookings S6 will affect are listed.
 */
export default async function PlanPage({
  params,
  searchParams,
}: {
  params: Promise<{ studio: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { studio: slug, id } = await params;
  const { promo } = await searchParams;
  const studio = await portalStudio(slug);
  const member = await portalMember(slug);
  const ctx = member ?? (await systemContext(studio, "public plans"));
  const plan = await orNotFound(getPublicPlan(ctx, id));

  const affected = member ? await bookingsAffectedByNewPack(member, plan.id) : [];
  const byCard = plan.priceCents > 0 && (await getStripeStatus(ctx)).ready;
  const signedIn = Boolean(await sessionUserId());
  const here = `/s/${studio.slug}/plans/${plan.id}`;
  const tz = studio.timezone;
  // M12: a promo code typed in the checkout (checked as the purchase will check it; nothing written).
  const promoCode = typeof promo === "string" && promo.trim() ? promo.trim() : undefined;
  const promoRes = member && plan.priceCents > 0 ? await promoResult(member, plan, promoCode) : null;

  return (
    <>
      <PageHeader
        title={plan.name}
        description={whatYouGet(plan)}
        actions={
          <Button asChild variant="ghost" size="sm">
            <Link href={`/s/${studio.slug}/plans`}>
              <ArrowLeft aria-hidden="true" /> All plans
            </Link>
          </Button>
        }
      />
      <div className="grid gap-4 md:grid-cols-[1fr_22rem]">
        <Card>
          <CardHeader>
            <CardTitle as="h2">What you get</CardTitle>
            {plan.description ? (
              <CardDescription className="whitespace-pre-line">{plan.description}</CardDescription>
            ) : null}
          </CardHeader>
          <CardContent>
            <dl className="grid gap-3 text-sm sm:grid-cols-2">
              <div>
                <dt className="text-muted-foreground">Plan</dt>
                <dd>{whatYouGet(plan)}</dd>
              </div>
              <div>
                <dt className="text-muted-foreground">Price</dt>
                <dd className="font-medium tabular-nums">{priceText(plan)}</dd>
              </div>
            </dl>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle as="h2">Buy</CardTitle>
            <CardDescription>
              {plan.priceCents === 0
                ? "This plan is free: nothing to pay."
                : byCard
                  ? plan.kind === "recurring"
                    ? `You pay ${priceText(plan)} by card with Stripe, renewed automatically until you cancel. You can cancel any time under My memberships.`
                    : `You pay ${formatMoney(plan.priceCents, plan.currency)} by card with Stripe. Your plan appears here once the payment goes through.`
                  : `You pay at the studio: a payment of ${formatMoney(plan.priceCents, plan.currency)} is recorded as due.`}
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            {affected.length ? (
              <Alert
                variant="warning"
                title="Your existing bookings"
                role="note"
                aria-label="Bookings affected by a new pack"
              >
                <p>Buying a new pack means these bookings will not be given back to a pack if you cancel them:</p>
                <ul className="mt-2 grid list-disc gap-1 pl-5">
                  {affected.map((b) => (
                    <li key={b.bookingId}>
                      {b.classTitle}, <time dateTime={b.startsAt.toISOString()}>{formatDateTime(b.startsAt, tz)}</time>
                    </li>
                  ))}
                </ul>
              </Alert>
            ) : null}
            {member && plan.priceCents > 0 ? (
              <PromoCodeApply id="portal-promo" code={promoCode} result={promoRes} />
            ) : null}
            {member ? <PortalFormsToSign member={member} target={{ planId: plan.id }} next={here} /> : null}
            {member ? (
              <BuyPlanForm
                studio={studio.slug}
                planId={plan.id}
                planName={plan.name}
                byCard={byCard}
                promoCode={promoRes?.ok ? promoRes.code : undefined}
              />
            ) : signedIn ? (
              <>
                <p className="text-sm text-muted-foreground">Join {studio.name} to buy this plan.</p>
                <Button asChild>
                  <Link href={`/s/${studio.slug}`}>Join {studio.name}</Link>
                </Button>
              </>
            ) : (
              <div className="flex flex-wrap gap-2">
                <Button asChild>
                  <Link href={`/s/${studio.slug}/signin?next=${encodeURIComponent(here)}`}>Sign in to buy</Link>
                </Button>
                <Button asChild variant="outline">
                  <Link href={`/s/${studio.slug}/signup?next=${encodeURIComponent(here)}`}>Create an account</Link>
                </Button>
              </div>
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
