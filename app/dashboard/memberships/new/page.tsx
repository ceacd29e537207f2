import type { Metadata } from "next";
import { can } from "@/lib/core/permissions";
import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { Alert, Button, Card, CardContent, PageHeader } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { PlanForm } from "../plan-form";

export const metadata: Metadata = { title: "New plan" };

export default async function NewPlanPage() {
  const ctx = await requireStaffContext();
  return (
    <div className="grid max-w-3xl gap-6">
      <PageHeader
        className="mb-0"
        title="New plan"
        description="What you sell: a recurring membership, a pass for a number of days, or a pack of sessions."
        actions={
          <Button asChild variant="ghost" size="sm">
            <Link href="/dashboard/memberships">
              <ArrowLeft aria-hidden="true" /> All plans
            </Link>
          </Button>
        }
      />
      {can(ctx, "plans.manage") ? (
        <Card>
          <CardContent className="pt-5">
            <PlanForm
              mode="create"
              initial={{
                name: "",
                description: "",
                kind: "recurring",
                price: "",
                currency: ctx.studio.currency,
                interval: "month",
                bookingLimitPerPeriod: "",
                durationDays: "",
                sessions: "",
                permissions: "",
                memberOnlyAccess: false,
                public: false,
                bookingOpensDaysBefore: "",
                bookingClosesMinutesBefore: "",
              }}
            />
          </CardContent>
        </Card>
      ) : (
        <Alert variant="warning" title="Only owners can create plans">
          Ask your studio&apos;s owner to add the plan you need.
        </Alert>
      )}
    </div>
  );
}
