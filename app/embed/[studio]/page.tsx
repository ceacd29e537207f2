import Link from "next/link";
import { Tags } from "lucide-react";
import { Button, Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle, EmptyState } from "@/app/_ui";
import { priceText, whatYouGet } from "@/app/s/[studio]/plans/plan-terms";
import { listEmbedPlans } from "@/lib/embed/embed";
import { studioSettings } from "@/lib/studios/settings";
import { EmbedBridge } from "./bridge";
import { embedStudio, embedSystem, embedVisitor } from "./embed";
import { EmbedSteps } from "./steps";

/** Step 1 (E1): the plans the studio publishes. */
export default async function EmbedPlansPage({ params }: { params: Promise<{ studio: string }> }) {
  const { studio: slug } = await params;
  const studio = await embedStudio(slug);
  const visitor = await embedVisitor(slug);
  const plans = await listEmbedPlans(visitor ?? (await embedSystem(slug, "embed plans")));
  return (
    <>
      <EmbedBridge slug={studio.slug} origins={studioSettings(studio).embedOrigins} signedIn={Boolean(visitor)} />
      <EmbedSteps current={1} />
      <h1 className="mb-4 text-xl font-semibold">Choose a membership</h1>
      {plans.length === 0 ? (
        <EmptyState icon={Tags} title="No memberships on sale yet" description={`${studio.name} has not put any plans online. Please ask the studio.`} />
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2" aria-label="Plans">
          {plans.map((plan) => (
            <li key={plan.id} className="flex">
              <Card className="flex w-full flex-col">
                <CardHeader>
                  <CardTitle as="h2">{plan.name}</CardTitle>
                  <CardDescription>{whatYouGet(plan)}</CardDescription>
                </CardHeader>
                <CardContent className="grid flex-1 content-start gap-2">
                  <p className="text-2xl font-semibold tabular-nums">{priceText(plan)}</p>
                  {plan.description ? <p className="whitespace-pre-line text-sm text-muted-foreground">{plan.description}</p> : null}
                </CardContent>
                <CardFooter>
                  <Button asChild>
                    <Link href={`/embed/${studio.slug}/plans/${plan.id}`} aria-label={`Choose ${plan.name}`}>
                      Choose
                    </Link>
                  </Button>
                </CardFooter>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
