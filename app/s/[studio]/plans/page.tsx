import type { Metadata } from "next";
import Link from "next/link";
import { Tags } from "lucide-react";
import { Button, EmptyState, PageHeader } from "@/app/_ui";
import { PlanCard } from "@/app/_components/memberships/plan-card";
import { sessionUserId, systemContext } from "@/lib/auth";
import { listPlans } from "@/lib/plans";
import { getStripeStatus } from "@/lib/stripe";
import { portalMember, portalStudio } from "../portal";

export const metadata: Metadata = { title: "Plans" };

/** The studio's public plans (E1) with what each gives (M1), its price and a way to buy it (P0: by card when the studio takes card payments, else at the studio). */
export default async function PlansPage({ params }: { params: Promise<{ studio: string }> }) {
  const { studio: slug } = await params;
  const studio = await portalStudio(slug);
  const member = await portalMember(slug);
  const ctx = member ?? (await systemContext(studio, "public plans"));
  const plans = await listPlans(ctx, { publicOnly: true });
  const signedIn = Boolean(await sessionUserId());
  const byCard = (await getStripeStatus(ctx)).ready;

  return (
    <>
      <PageHeader
        title="Plans"
        description={`Memberships and class packs at ${studio.name}. ${byCard ? "You pay by card online." : "You pay at the studio."}`}
        actions={
          <Button asChild variant="outline" size="sm">
            <Link href={`/s/${studio.slug}/schedule`}>See the schedule</Link>
          </Button>
        }
      />
      {plans.length === 0 ? (
        <EmptyState
          icon={Tags}
          title="No plans on sale yet"
          description={`${studio.name} has not put any plans online. Ask at the front desk, or book a class on the schedule.`}
          action={
            <Button asChild>
              <Link href={`/s/${studio.slug}/schedule`}>See the schedule</Link>
            </Button>
          }
        />
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2" aria-label="Plans">
          {plans.map((plan) => {
            const href = `/s/${studio.slug}/plans/${plan.id}`;
            return (
              <li key={plan.id} className="flex">
                <PlanCard
                  plan={plan}
                  action={
                    member ? (
                      <Button asChild>
                        <Link href={href} aria-label={`Buy ${plan.name}`}>
                          Buy
                        </Link>
                      </Button>
                    ) : signedIn ? (
                      <Button asChild variant="outline">
                        <Link href={`/s/${studio.slug}`}>Join {studio.name} to buy</Link>
                      </Button>
                    ) : (
                      <Button asChild variant="outline">
                        <Link
                          href={`/s/${studio.slug}/signin?next=${encodeURIComponent(href)}`}
                          aria-label={`Sign in to buy ${plan.name}`}
                        >
                          Sign in to buy
                        </Link>
                      </Button>
                    )
                  }
                />
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
