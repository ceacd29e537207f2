import type { ReactNode } from "react";
import { can } from "@/lib/core/permissions";
import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { Badge, Button, PageHeader, TabNav } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { formatMoney } from "@/lib/core/format";
import { ActionDialog } from "../../action-dialog";
import { setPlanArchivedAction } from "../../actions";
import { KIND_LABELS, planDetails } from "@/app/_components/memberships/labels";
import { planOr404 } from "./plan";

export default async function PlanLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const ctx = await requireStaffContext();
  const { id } = await params;
  const plan = await planOr404(ctx, id);
  const base = `/dashboard/memberships/plans/${plan.id}`;
  const tabs = [
    { href: base, label: "Details", exact: true },
    { href: `${base}/members`, label: "Members", exact: false },
  ];

  return (
    <div className="grid max-w-6xl gap-6">
      <PageHeader
        className="mb-0"
        title={plan.name}
        description={`${KIND_LABELS[plan.kind]} · ${formatMoney(plan.priceCents, plan.currency)} · ${planDetails(plan)}`}
        actions={
          <>
            <Button asChild variant="ghost" size="sm">
              <Link href="/dashboard/memberships">
                <ArrowLeft aria-hidden="true" /> All plans
              </Link>
            </Button>
            {can(ctx, "plans.manage") ? (
              plan.archivedAt ? (
                <ActionDialog
                  trigger="Unarchive plan"
                  title={`Put ${plan.name} on sale again?`}
                  description="Staff can give it to clients again, and if it is public, clients can buy it."
                  action={setPlanArchivedAction}
                  hidden={{ id: plan.id, archived: "0" }}
                  submitLabel="Unarchive"
                  pendingLabel="Unarchiving…"
                />
              ) : (
                <ActionDialog
                  trigger="Archive plan"
                  title={`Archive ${plan.name}?`}
                  description="It is no longer sold or given to new members. Everyone who holds it keeps their membership until it ends or is cancelled."
                  action={setPlanArchivedAction}
                  hidden={{ id: plan.id, archived: "1" }}
                  submitLabel="Archive"
                  pendingLabel="Archiving…"
                  danger
                />
              )
            ) : null}
          </>
        }
      >
        <div className="mt-1 flex flex-wrap gap-1">
          {plan.archivedAt ? <Badge variant="neutral">Archived</Badge> : null}
          {plan.public ? <Badge variant="brand">Public</Badge> : <Badge variant="outline">Staff only</Badge>}
          {plan.memberOnlyAccess ? <Badge variant="outline">Member-only classes</Badge> : null}
        </div>
      </PageHeader>
      <TabNav label="Plan sections" tabs={tabs} />
      {children}
    </div>
  );
}
