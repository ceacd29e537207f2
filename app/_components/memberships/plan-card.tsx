import type { ReactNode } from "react";
import type { MembershipPlan } from "@/db/schema";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/app/_ui";
import { priceText, whatYouGet } from "./plan-terms";

/** A plan as a buyer sees it (E1, M1): name, what it gives, price, description, and the way to buy it in the footer. */
export function PlanCard({
  plan,
  action,
}: {
  plan: Pick<MembershipPlan, "name" | "description"> & Parameters<typeof whatYouGet>[0];
  action: ReactNode;
}) {
  return (
    <Card className="flex w-full flex-col">
      <CardHeader>
        <CardTitle as="h2">{plan.name}</CardTitle>
        <CardDescription>{whatYouGet(plan)}</CardDescription>
      </CardHeader>
      <CardContent className="grid flex-1 content-start gap-2">
        <p className="text-2xl font-semibold tabular-nums">{priceText(plan)}</p>
        {plan.description ? (
          <p className="whitespace-pre-line text-sm text-muted-foreground">{plan.description}</p>
        ) : null}
      </CardContent>
      <CardFooter>{action}</CardFooter>
    </Card>
  );
}
