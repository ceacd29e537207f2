import type { Metadata } from "next";
import { orNotFound } from "@/app/_lib/or-not-found";
import Link from "next/link";
import { ArrowLeft, CreditCard, Users } from "lucide-react";
import {
  Alert,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
  PageHeader,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  VisuallyHidden,
} from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { getCompany, listCompanyClients, listCompanyMemberships } from "@/lib/companies";
import { formatDate, formatMoney } from "@/lib/core/format";
import { listPlans } from "@/lib/plans";
import { ActionDialog } from "../../memberships/action-dialog";
import { AssignPlanForm } from "../../memberships/assign-plan-form";
import { dayInZone } from "@/lib/core/time";
import { formatPeriod, planDetails } from "@/app/_components/memberships/labels";
import { MembershipActions } from "../../memberships/membership-actions";
import { actionTarget } from "../../memberships/plan-values";
import { MembershipStatusBadge } from "@/app/_components/memberships/status-badge";
import { unlinkClientAction } from "../actions";
import { CompanyActions } from "./company-actions";
import { LinkClientForm } from "./link-client-form";
import { can } from "@/lib/core/permissions";

export const metadata: Metadata = { title: "Company" };

type Params = Promise<{ id: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function CompanyPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const ctx = await requireStaffContext();
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const company = await orNotFound(getCompany(ctx, id));
  const [linked, held, plans] = await Promise.all([
    listCompanyClients(ctx, company.id),
    listCompanyMemberships(ctx, company.id),
    listPlans(ctx),
  ]);
  const tz = ctx.studio.timezone;
  // M7: a company holds recurring or fixed plans only; packs are for people.
  const choices = plans
    .filter((p) => p.kind !== "sessions")
    .map((p) => ({ id: p.id, name: p.name, details: planDetails(p), price: formatMoney(p.priceCents, p.currency) }));

  return (
    <div className="grid max-w-5xl grid-cols-1 gap-6">
      {sp.created === "1" ? (
        <Alert variant="success" title="Company created" role="status">
          Link its clients and give it a membership below.
        </Alert>
      ) : null}
      <PageHeader
        className="mb-0"
        title={company.name}
        description="Every linked client shares this company's memberships while linked, and loses them at once when unlinked."
        actions={
          <>
            <Button asChild variant="ghost" size="sm">
              <Link href="/dashboard/companies">
                <ArrowLeft aria-hidden="true" /> All companies
              </Link>
            </Button>
            {can(ctx, "clients.write") ? (
              <CompanyActions
                company={{ id: company.id, name: company.name }}
                holdsMemberships={held.length > 0}
                linkedClients={linked.length}
              />
            ) : null}
          </>
        }
      />

      <Card>
        <CardHeader>
          <CardTitle>Memberships</CardTitle>
          <CardDescription>
            Recurring and fixed-period plans only: a session pack belongs to one person.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5">
          {held.length === 0 ? (
            <EmptyState
              icon={CreditCard}
              headingLevel="h3"
              title="No memberships yet"
              description="Give the company a plan below; its linked clients get it at once."
            />
          ) : (
            <Table aria-label={`Memberships of ${company.name}`}>
              <TableHeader>
                <TableRow>
                  <TableHead>Plan</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Period</TableHead>
                  <TableHead>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {held.map(({ membership: m, plan, status }) => (
                  <TableRow key={m.id}>
                    <TableCell>
                      <Link
                        href={`/dashboard/memberships/${m.id}`}
                        className="font-medium text-brand-700 underline-offset-2 hover:underline"
                      >
                        {plan.name}
                      </Link>
                    </TableCell>
                    <TableCell>
                      <MembershipStatusBadge status={status} startsAt={m.startsAt} now={ctx.now} timeZone={tz} />
                    </TableCell>
                    <TableCell className="whitespace-nowrap">{formatPeriod(m, tz)}</TableCell>
                    <TableCell>
                      <MembershipActions m={actionTarget(ctx, m, plan, company.name, status)} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          <div className="grid gap-3 border-t border-border pt-5">
            <h3 className="text-sm font-semibold">Add membership</h3>
            {choices.length ? (
              <AssignPlanForm holder={{ companyId: company.id }} plans={choices} today={dayInZone(ctx.now, tz)} />
            ) : (
              <p className="text-sm text-muted-foreground">
                No recurring or fixed-period plan is on sale.{" "}
                <Link href="/dashboard/memberships" className="font-medium text-brand-700 underline underline-offset-2">
                  Manage plans
                </Link>
              </p>
            )}
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Linked clients</CardTitle>
          <CardDescription>People who share the company&apos;s memberships.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5">
          {linked.length === 0 ? (
            <EmptyState
              icon={Users}
              headingLevel="h3"
              title="No linked clients"
              description="Link a client by email below."
            />
          ) : (
            <Table aria-label={`Clients linked to ${company.name}`}>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Email</TableHead>
                  <TableHead>Linked</TableHead>
                  <TableHead>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {linked.map((c) => (
                  <TableRow key={c.id}>
                    <TableCell>
                      <Link
                        href={`/dashboard/clients/${c.id}`}
                        className="font-medium text-brand-700 underline-offset-2 hover:underline"
                      >
                        {c.name}
                      </Link>
                    </TableCell>
                    <TableCell className="text-muted-foreground">{c.email ?? "—"}</TableCell>
                    <TableCell className="whitespace-nowrap">{formatDate(c.linkedAt, tz)}</TableCell>
                    <TableCell className="text-right">
                      <ActionDialog
                        trigger="Unlink"
                        triggerContext={c.name}
                        title={`Unlink ${c.name} from ${company.name}?`}
                        description="The company's memberships stop applying to this client at once. The client's own memberships are not touched."
                        action={unlinkClientAction}
                        hidden={{ companyId: company.id, clientId: c.id }}
                        submitLabel="Unlink"
                        pendingLabel="Unlinking…"
                        danger
                      />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          <div className="grid gap-3 border-t border-border pt-5">
            <h3 className="text-sm font-semibold">Link a client</h3>
            <LinkClientForm companyId={company.id} />
          </div>
        </CardContent>
      </Card>
    </div>
  );
}
