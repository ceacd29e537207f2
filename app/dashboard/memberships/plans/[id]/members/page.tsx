import type { Metadata } from "next";
import Link from "next/link";
import { Users } from "lucide-react";
import {
  Alert,
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  VisuallyHidden,
} from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { InvalidInputError } from "@/lib/core/errors";
import { formatMoney } from "@/lib/core/format";
import { listPlanMembers } from "@/lib/plans";
import { AddMemberForm } from "../../../add-member-form";
import { dayInZone } from "@/lib/core/time";
import { formatPeriod, sessionsLeft } from "@/app/_components/memberships/labels";
import { MembershipActions } from "../../../membership-actions";
import { actionTarget } from "../../../plan-values";
import { MembershipStatusBadge } from "@/app/_components/memberships/status-badge";
import { planOr404 } from "../plan";

export const metadata: Metadata = { title: "Plan members" };

const PAGE_SIZE = 50;
type Params = Promise<{ id: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function PlanMembersPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const ctx = await requireStaffContext();
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const plan = await planOr404(ctx, id);
  const showAll = sp.show === "all";
  const cursor = typeof sp.cursor === "string" ? sp.cursor : undefined;
  const base = `/dashboard/memberships/plans/${plan.id}/members`;
  const href = (q: { show?: string; cursor?: string }) => {
    const qs = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => Boolean(e[1])));
    return qs.size ? `${base}?${qs}` : base;
  };

  let page: Awaited<ReturnType<typeof listPlanMembers>> | null = null;
  let problem: string | null = null;
  try {
    // "Current": not cancelled or expired, by the effective status (M4).
    page = await listPlanMembers(ctx, plan.id, {
      status: showAll ? undefined : ["active", "past_due", "suspended"],
      limit: PAGE_SIZE,
      cursor,
    });
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    problem = e.message;
  }
  const tz = ctx.studio.timezone;
  const isPack = plan.kind === "sessions";
  const price = plan.priceCents > 0 ? formatMoney(plan.priceCents, plan.currency) : null;

  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Add member</CardTitle>
          <CardDescription>Give {plan.name} to a client by hand, at the desk or after a bank transfer.</CardDescription>
        </CardHeader>
        <CardContent>
          {plan.archivedAt ? (
            <Alert variant="warning" title="This plan is archived">
              It is no longer given to new members. Unarchive it first if you want to sell it again.
            </Alert>
          ) : (
            <AddMemberForm planId={plan.id} today={dayInZone(ctx.now, tz)} price={price} />
          )}
        </CardContent>
      </Card>

      <section aria-labelledby="members-heading" className="grid gap-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="members-heading" className="text-base font-semibold">
            {showAll ? "All memberships of this plan" : "Current members"}
          </h2>
          <Button asChild variant="ghost" size="sm">
            <Link href={href({ show: showAll ? undefined : "all" })}>
              {showAll ? "Show current only" : "Show ended and cancelled too"}
            </Link>
          </Button>
        </div>

        {problem ? (
          <Alert variant="danger" title="That page could not be shown" role="alert">
            {problem} <Link href={base}>Back to the first page</Link>
          </Alert>
        ) : page && page.data.length === 0 ? (
          <EmptyState
            icon={Users}
            headingLevel="h3"
            title={cursor ? "No more members" : showAll ? "Nobody has held this plan yet" : "No current members"}
            description={
              showAll || cursor
                ? "Members appear here when you add them above, when clients buy the plan, or when you import them."
                : "Add a member above, or show the ended and cancelled memberships of this plan."
            }
          />
        ) : page ? (
          <>
            <Table aria-labelledby="members-heading">
              <TableHeader>
                <TableRow>
                  <TableHead>Member</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Period</TableHead>
                  {isPack ? <TableHead className="text-right">Sessions left</TableHead> : null}
                  <TableHead>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {page.data.map(({ membership: m, client, company, status, standing }) => {
                  const holder = client
                    ? { type: "client" as const, id: client.id, name: client.name, email: client.email }
                    : {
                        type: "company" as const,
                        id: company?.id ?? "",
                        name: company?.name ?? "Company",
                        email: null,
                      };
                  return (
                    <TableRow key={m.id}>
                      <TableCell>
                        <div className="grid gap-0.5">
                          {holder.type === "client" ? (
                            <Link
                              href={`/dashboard/clients/${holder.id}`}
                              className="font-medium text-brand-700 underline-offset-2 hover:underline"
                            >
                              {holder.name}
                            </Link>
                          ) : (
                            <span className="flex items-center gap-1">
                              <Link
                                href={`/dashboard/companies/${holder.id}`}
                                className="font-medium text-brand-700 underline-offset-2 hover:underline"
                              >
                                {holder.name}
                              </Link>
                              <Badge variant="outline">Company</Badge>
                            </span>
                          )}
                          {holder.type === "client" && holder.email ? (
                            <span className="text-xs text-muted-foreground">{holder.email}</span>
                          ) : null}
                        </div>
                      </TableCell>
                      <TableCell>
                        <MembershipStatusBadge
                          status={status}
                          standing={standing}
                          startsAt={m.startsAt}
                          now={ctx.now}
                          timeZone={tz}
                        />
                      </TableCell>
                      <TableCell className="whitespace-nowrap">{formatPeriod(m, tz)}</TableCell>
                      {isPack ? (
                        <TableCell className="text-right tabular-nums">{sessionsLeft(m) ?? "—"}</TableCell>
                      ) : null}
                      <TableCell>
                        <div className="flex flex-wrap items-center justify-end gap-2">
                          <Button asChild variant="ghost" size="sm">
                            <Link href={`/dashboard/memberships/${m.id}`}>
                              History<VisuallyHidden> of {holder.name}’s membership</VisuallyHidden>
                            </Link>
                          </Button>
                          <MembershipActions m={actionTarget(ctx, m, plan, holder.name, status)} />
                        </div>
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
            {cursor || page.nextCursor ? (
              <nav aria-label="Pagination" className="flex justify-between gap-2">
                <div>
                  {cursor ? (
                    <Button asChild variant="outline" size="sm">
                      <Link href={href({ show: showAll ? "all" : undefined })}>First page</Link>
                    </Button>
                  ) : null}
                </div>
                <div>
                  {page.nextCursor ? (
                    <Button asChild variant="outline" size="sm">
                      <Link href={href({ show: showAll ? "all" : undefined, cursor: page.nextCursor })}>Next page</Link>
                    </Button>
                  ) : null}
                </div>
              </nav>
            ) : null}
          </>
        ) : null}
      </section>
    </div>
  );
}
