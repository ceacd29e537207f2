import type { Metadata } from "next";
import { can } from "@/lib/core/permissions";
import Link from "next/link";
import { Archive, CreditCard, Plus, Upload } from "lucide-react";
import {
  Badge,
  Button,
  EmptyState,
  PageHeader,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { formatMoney } from "@/lib/core/format";
import { listPlans } from "@/lib/plans";
import { KIND_LABELS, planDetails } from "@/app/_components/memberships/labels";

export const metadata: Metadata = { title: "Memberships" };

const BASE = "/dashboard/memberships";
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function NewPlanButton({ label = "New plan" }: { label?: string }) {
  return (
    <Button asChild>
      <Link href={`${BASE}/new`}>
        <Plus aria-hidden="true" /> {label}
      </Link>
    </Button>
  );
}

export default async function MembershipsPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await requireStaffContext();
  const sp = await searchParams;
  const showArchived = sp.archived === "1";
  const owner = can(ctx, "plans.manage");
  const all = await listPlans(ctx, { includeArchived: true });
  const archivedCount = all.filter((p) => p.archivedAt).length;
  const plans = showArchived ? all : all.filter((p) => !p.archivedAt);

  return (
    <>
      <PageHeader
        title="Memberships"
        description="Plans you sell: recurring memberships, passes and session packs, with how many members each has now."
        actions={
          <>
            {owner ? <NewPlanButton /> : null}
            <Button asChild variant="outline">
              <Link href={`${BASE}/import`}>
                <Upload aria-hidden="true" /> Import members
              </Link>
            </Button>
          </>
        }
      />

      {all.length === 0 ? (
        <EmptyState
          icon={CreditCard}
          title="No membership plans yet"
          description={
            owner
              ? "Create a plan for what you sell: a monthly membership, a 30-day pass or a pack of classes. Then give it to clients or let them buy it."
              : "Plans are created by the studio's owners. Ask an owner to add the memberships you sell."
          }
          action={owner ? <NewPlanButton label="Create your first plan" /> : undefined}
        />
      ) : (
        <section aria-labelledby="plans-heading" className="grid gap-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="plans-heading" className="text-base font-semibold">
              {showArchived ? "All plans" : "Plans on sale"}
            </h2>
            {archivedCount > 0 || showArchived ? (
              <Button asChild variant="ghost" size="sm">
                <Link href={showArchived ? BASE : `${BASE}?archived=1`}>
                  <Archive aria-hidden="true" />
                  {showArchived ? "Hide archived" : `Show archived (${archivedCount})`}
                </Link>
              </Button>
            ) : null}
          </div>
          {plans.length === 0 ? (
            <EmptyState
              icon={Archive}
              headingLevel="h3"
              title="No plans on sale"
              description="Every plan is archived. Show the archived plans to bring one back, or create a new one."
              action={
                <>
                  <Button asChild variant="outline">
                    <Link href={`${BASE}?archived=1`}>Show archived</Link>
                  </Button>
                  {owner ? <NewPlanButton /> : null}
                </>
              }
            />
          ) : (
            <Table aria-labelledby="plans-heading">
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Kind</TableHead>
                  <TableHead className="text-right">Price</TableHead>
                  <TableHead>Details</TableHead>
                  <TableHead className="text-right">Members</TableHead>
                  <TableHead>Visibility</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {plans.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell>
                      <Link
                        href={`${BASE}/plans/${p.id}`}
                        className="font-medium text-brand-700 underline-offset-2 hover:underline"
                      >
                        {p.name}
                      </Link>
                    </TableCell>
                    <TableCell className="whitespace-nowrap">{KIND_LABELS[p.kind]}</TableCell>
                    <TableCell className="text-right whitespace-nowrap tabular-nums">
                      {formatMoney(p.priceCents, p.currency)}
                    </TableCell>
                    <TableCell className="text-muted-foreground">{planDetails(p)}</TableCell>
                    <TableCell className="text-right tabular-nums">
                      <Link
                        href={`${BASE}/plans/${p.id}/members`}
                        className="text-brand-700 underline-offset-2 hover:underline"
                        aria-label={`${p.memberCount} ${p.memberCount === 1 ? "member" : "members"} of ${p.name}`}
                        data-testid="member-count"
                      >
                        {p.memberCount}
                      </Link>
                    </TableCell>
                    <TableCell>
                      <div className="flex flex-wrap gap-1">
                        {p.archivedAt ? <Badge variant="neutral">Archived</Badge> : null}
                        {p.public ? (
                          <Badge variant="brand">Public</Badge>
                        ) : (
                          <span className="text-muted-foreground">Staff only</span>
                        )}
                      </div>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </section>
      )}
    </>
  );
}
