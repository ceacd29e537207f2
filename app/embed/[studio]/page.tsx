import Link from "next/link";
import { Tags } from "lucide-react";
import { Button, EmptyState } from "@/app/_ui";
import { PlanCard } from "@/app/_components/memberships/plan-card";
import { listPlans } from "@/lib/plans";
import { embedStudio, embedSystem, embedVisitor } from "./embed";
import { EmbedSteps } from "./steps";

/** Step 1 (E1): the plans the studio publishes. */
export default async function EmbedPlansPage({ params }: { params: Promise<{ studio: string }> }) {
  const { studio: slug } = await params;
  const studio = await embedStudio(slug);
  const visitor = await embedVisitor(slug);
  const plans = await listPlans(visitor ?? (await embedSystem(slug, "embed plans")), { publicOnly: true });
  return (
    <>
      <EmbedSteps current={1} />
      <h1 className="mb-4 text-xl font-semibold">Choose a membership</h1>
      {plans.length === 0 ? (
        <EmptyState
          icon={Tags}
          title="No memberships on sale yet"
          description={`${studio.name} has not put any plans online. Please ask the studio.`}
        />
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2" aria-label="Plans">
          {plans.map((plan) => (
            <li key={plan.id} className="flex">
              <PlanCard
                plan={plan}
                action={
                  <Button asChild>
                    <Link href={`/embed/${studio.slug}/plans/${plan.id}`} aria-label={`Choose ${plan.name}`}>
                      Choose
                    </Link>
                  </Button>
                }
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
