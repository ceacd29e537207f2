import type { Metadata } from "next";
import { can } from "@/lib/core/permissions";
import { Alert, Badge, Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { formatDate, formatMoney } from "@/lib/core/format";
import { countPlanMembers } from "@/lib/plans";
import { Detail } from "../../detail";
import { INTERVAL_LABELS, KIND_LABELS, planDetails } from "@/app/_components/memberships/labels";
import { PlanForm } from "../../plan-form";
import { planFormValues } from "../../plan-values";
import { planOr404 } from "./plan";

export const metadata: Metadata = { title: "Plan" };

type Params = Promise<{ id: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function PlanDetailsPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const ctx = await requireStaffContext();
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const plan = await planOr404(ctx, id);
  const memberCount = await countPlanMembers(ctx, plan.id);
  const tz = ctx.studio.timezone;

  return (
    <div className="grid gap-6">
      {sp.created === "1" ? (
        <Alert variant="success" title="Plan created" role="status">
          {plan.name} is ready. Give it to clients on the Members tab.
        </Alert>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Summary</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2 lg:grid-cols-4">
            <Detail term="Members now">{memberCount}</Detail>
            <Detail term="Kind">{KIND_LABELS[plan.kind]}</Detail>
            <Detail term="Price">{formatMoney(plan.priceCents, plan.currency)}</Detail>
            <Detail term="Terms">{planDetails(plan)}</Detail>
            {plan.kind === "recurring" && plan.interval ? (
              <Detail term="Billing">{INTERVAL_LABELS[plan.interval]}</Detail>
            ) : null}
            <Detail term="Permissions">
              {plan.permissions.length ? (
                <ul className="flex flex-wrap gap-1">
                  {plan.permissions.map((p) => (
                    <li key={p}>
                      <Badge variant="outline">
                        <code className="font-mono">{p}</code>
                      </Badge>
                    </li>
                  ))}
                </ul>
              ) : (
                "None"
              )}
            </Detail>
            <Detail term="Member-only classes">{plan.memberOnlyAccess ? "Included" : "Not included"}</Detail>
            <Detail term="Booking window">
              {plan.bookingOpensDaysBefore === null && plan.bookingClosesMinutesBefore === null
                ? "The studio's"
                : [
                    plan.bookingOpensDaysBefore !== null && `opens ${plan.bookingOpensDaysBefore} days before`,
                    plan.bookingClosesMinutesBefore !== null && `closes ${plan.bookingClosesMinutesBefore} min before`,
                  ]
                    .filter(Boolean)
                    .join(", ")}
            </Detail>
            <Detail term="Offered online">{plan.public ? "Yes, public" : "No, staff only"}</Detail>
            <Detail term="Created">{formatDate(plan.createdAt, tz)}</Detail>
            {plan.archivedAt ? <Detail term="Archived">{formatDate(plan.archivedAt, tz)}</Detail> : null}
          </dl>
          {plan.description ? <p className="mt-4 max-w-prose whitespace-pre-line text-sm">{plan.description}</p> : null}
        </CardContent>
      </Card>

      {can(ctx, "plans.manage") ? (
        <Card>
          <CardHeader>
            <CardTitle>Edit plan</CardTitle>
            <CardDescription>
              Changes apply to new sales. Memberships already sold keep their period and sessions.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <PlanForm mode="edit" initial={planFormValues(plan)} />
          </CardContent>
        </Card>
      ) : (
        <Alert variant="info" title="Only owners can change plans">
          You can give this plan to clients and manage its members on the Members tab.
        </Alert>
      )}
    </div>
  );
}
