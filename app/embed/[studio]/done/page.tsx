import Link from "next/link";
import { CircleCheck } from "lucide-react";
import { Button } from "@/app/_ui";
import { orNotFound } from "@/app/_lib/or-not-found";
import { formatMoney } from "@/lib/core/format";
import { getPublicPlan } from "@/lib/plans";
import { studioSettings } from "@/lib/studios";
import { EmbedSignupNotice } from "../bridge";
import { embedStudio, embedSystem, embedVisitor } from "../embed";
import { EmbedSteps } from "../steps";

type Props = {
  params: Promise<{ studio: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Step 4 (E1): joined. Tells the host page (roster:signup) so it can thank the visitor or track the conversion. */
export default async function EmbedDonePage({ params, searchParams }: Props) {
  const { studio: slug } = await params;
  const planId = (await searchParams).plan;
  const studio = await embedStudio(slug);
  const visitor = await embedVisitor(slug);
  const plan = await orNotFound(
    getPublicPlan(visitor ?? (await embedSystem(slug, "embed done")), typeof planId === "string" ? planId : ""),
  );
  return (
    <>
      <EmbedSignupNotice
        slug={studio.slug}
        origins={studioSettings(studio).embedOrigins}
        signup={{ plan: { id: plan.id, name: plan.name }, status: "joined" }}
      />
      <EmbedSteps current={4} />
      <div className="grid justify-items-start gap-3" role="status">
        <CircleCheck aria-hidden className="size-10 text-success-600" />
        <h1 className="text-xl font-semibold">You&rsquo;re in: {plan.name}</h1>
        <p className="text-sm text-muted-foreground">
          {plan.priceCents > 0
            ? `Welcome to ${studio.name}! Your membership is active. Please pay ${formatMoney(plan.priceCents, plan.currency)} at the studio on your first visit.`
            : `Welcome to ${studio.name}! Your membership is active.`}
        </p>
        <Button asChild variant="outline">
          <Link href={`/s/${studio.slug}/schedule`} target="_blank" rel="noopener">
            Book your first class
          </Link>
        </Button>
      </div>
    </>
  );
}
