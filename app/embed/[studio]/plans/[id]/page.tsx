import Link from "next/link";
import { Alert, Button, Separator } from "@/app/_ui";
import { PlanCard } from "@/app/_components/memberships/plan-card";
import { orNotFound } from "@/app/_lib/or-not-found";
import { embedVisitorProfile } from "@/lib/embed";
import { getPublicPlan } from "@/lib/plans";
import { getStripeStatus } from "@/lib/stripe";
import { embedSignOutAction } from "../../actions";
import { embedStudio, embedSystem, embedVisitor } from "../../embed";
import { EmbedJoinForm } from "../../join-form";
import { PromoCodeApply, promoResult } from "@/app/_components/offers/promo-code";
import { EmbedSteps } from "../../steps";
import { formsToSign } from "@/lib/forms";
import { EmbedSignStep } from "../../sign-step";
import { ContinueInPopup, EmbedRegisterForm, EmbedSignInForm } from "../../visitor-forms";

type Props = {
  params: Promise<{ studio: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * Steps 2 and 3 (E1, E2): who you are — signed in by the studio's token,
 * signing in, or registering — then confirm and pay (by card in Stripe
 * Checkout, top-level, or at the studio).
 */
export default async function EmbedPlanPage({ params, searchParams }: Props) {
  const { studio: slug, id } = await params;
  const query = await searchParams;
  const popup = query.popup === "1";
  const studio = await embedStudio(slug);
  const visitor = await embedVisitor(slug);
  const ctx = visitor ?? (await embedSystem(slug, "embed plan"));
  const plan = await orNotFound(getPublicPlan(ctx, id));
  const byCard = plan.priceCents > 0 && (await getStripeStatus(ctx)).ready;
  const step = { studio: studio.slug, planId: plan.id, popup };
  // M12: a promo code typed in the checkout step (checked as the purchase will check it; nothing written).
  const promoCode = typeof query.promo === "string" && query.promo.trim() ? query.promo.trim() : undefined;
  const promoRes = visitor && plan.priceCents > 0 ? await promoResult(visitor, plan, promoCode) : null;

  const summary = (
    <PlanCard
      plan={plan}
      action={
        <p className="text-sm text-muted-foreground">
          {plan.priceCents === 0 ? "Nothing to pay." : byCard ? "Pay by card online." : "Pay at the studio."}
        </p>
      }
    />
  );
  const back = (
    <Link
      href={`/embed/${studio.slug}${popup ? "?popup=1" : ""}`}
      className="text-sm text-brand-700 underline underline-offset-2"
    >
      Choose another plan
    </Link>
  );

  if (visitor) {
    const me = await embedVisitorProfile(visitor);
    // F1: a form the plan requires is signed here, inside the frame, before the confirm step.
    const toSign = await formsToSign(visitor, { planId: plan.id });
    if (toSign.length) return <EmbedSignStep studio={studio.slug} forms={toSign} summary={summary} />;
    return (
      <>
        <EmbedSteps current={3} />
        <h1 className="mb-4 text-xl font-semibold">Confirm your membership</h1>
        <div className="grid gap-4">
          {summary}
          <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
            <p>
              Joining as <span className="font-medium">{me.name}</span>
              {me.email ? <span className="text-muted-foreground"> ({me.email})</span> : null}
            </p>
            <form action={embedSignOutAction}>
              <input type="hidden" name="studio" value={studio.slug} />
              <input type="hidden" name="planId" value={plan.id} />
              {popup ? <input type="hidden" name="popup" value="1" /> : null}
              <Button type="submit" variant="link" size="sm">
                Not you?
              </Button>
            </form>
          </div>
          {plan.priceCents > 0 ? (
            <PromoCodeApply id="embed-promo" code={promoCode} result={promoRes} keep={popup ? { popup: "1" } : {}} />
          ) : null}
          <EmbedJoinForm
            {...step}
            byCard={byCard}
            label={byCard ? `Continue to payment` : `Join ${plan.name}`}
            promoCode={promoRes?.ok ? promoRes.code : undefined}
          />
          {back}
        </div>
      </>
    );
  }

  // Signed in a moment ago, yet no session: the browser refused the frame's cookie. Continue first-party.
  if (query.signed === "1") {
    return (
      <>
        <EmbedSteps current={2} />
        <div className="grid gap-4">
          {summary}
          <Alert variant="warning" title="Your browser keeps sign-ins out of embedded pages">
            Continue in a small window of {studio.name}&rsquo;s sign-up; when you are done there, this page shows the
            result.
          </Alert>
          <div>
            <ContinueInPopup href={`/embed/${studio.slug}/plans/${plan.id}?popup=1`} />
          </div>
        </div>
      </>
    );
  }

  return (
    <>
      <EmbedSteps current={2} />
      <h1 className="mb-4 text-xl font-semibold">Tell us who you are</h1>
      <div className="grid gap-5">
        {summary}
        <section aria-labelledby="embed-new" className="grid gap-3">
          <h2 id="embed-new" className="text-base font-semibold">
            New to {studio.name}? Create your account
          </h2>
          <EmbedRegisterForm {...step} studioName={studio.name} />
        </section>
        <Separator />
        <section aria-labelledby="embed-returning" className="grid gap-3">
          <h2 id="embed-returning" className="text-base font-semibold">
            Already a member? Sign in
          </h2>
          <EmbedSignInForm {...step} />
        </section>
        {back}
      </div>
    </>
  );
}
