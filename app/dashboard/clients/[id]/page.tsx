import type { Metadata } from "next";
import { orNotFound } from "@/app/_lib/or-not-found";
import type { ReactNode } from "react";
import Link from "next/link";
import { ArrowLeft, CreditCard } from "lucide-react";
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
  PageHeader,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  VisuallyHidden,
} from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth/context";
import { MemberCard } from "./member-card";
import { toApiClient } from "@/lib/clients/client-input";
import { getClient } from "@/lib/clients/get-client";
import { listCompanies } from "@/lib/companies/companies";
import { formatDate, formatMoney } from "@/lib/core/format";
import { listClientMemberships } from "@/lib/memberships/client-memberships";
import { listPlans } from "@/lib/plans/plans";
import { AssignPlanForm } from "../../memberships/assign-plan-form";
import { dayInZone } from "@/lib/core/time";
import { formatPeriod, planDetails, sessionsLeft } from "@/app/_components/memberships/labels";
import { MembershipActions } from "../../memberships/membership-actions";
import { actionTarget } from "../../memberships/plan-values";
import { MembershipStatusBadge } from "@/app/_components/memberships/status-badge";
import { SOURCE_LABELS } from "../labels";
import { EditClientForm } from "./edit-client-form";

export const metadata: Metadata = { title: "Client" };

type Params = Promise<{ id: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ClientPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const ctx = await requireStaffContext();
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const client = await orNotFound(getClient(ctx, id));
  const tz = ctx.studio.timezone;
  // M5, M7: own and inherited memberships, with the effective status (M4).
  const [held, companies, plans] = await Promise.all([
    listClientMemberships(ctx, client.id),
    listCompanies(ctx),
    listPlans(ctx),
  ]);
  const companyNames = new Map(companies.map((c) => [c.id, c.name]));
  const planChoices = plans.map((p) => ({
    id: p.id,
    name: p.name,
    details: planDetails(p),
    price: formatMoney(p.priceCents, p.currency),
  }));
  const emergency = [client.emergencyContactName, client.emergencyContactPhone].filter(Boolean).join(", ");

  return (
    <div className="grid max-w-4xl gap-6">
      {sp.created === "1" ? (
        <Alert variant="success" title="Client added" role="status">
          {client.name} is now in your client list.
        </Alert>
      ) : null}

      <PageHeader
        className="mb-0"
        title={client.name}
        description={client.email ?? "No email address"}
        actions={
          <Button asChild variant="ghost" size="sm">
            <Link href="/dashboard/clients">
              <ArrowLeft aria-hidden="true" /> All clients
            </Link>
          </Button>
        }
      >
        {client.tags.length ? (
          <ul className="mt-1 flex flex-wrap gap-1">
            {client.tags.map((t) => (
              <li key={t}>
                <Badge variant="brand">{t}</Badge>
              </li>
            ))}
          </ul>
        ) : null}
      </PageHeader>

      <Card>
        <CardHeader>
          <CardTitle>Details</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2 lg:grid-cols-3">
            <Detail term="Email">{client.email ?? "—"}</Detail>
            <Detail term="Phone">{client.phone ?? "—"}</Detail>
            <Detail term="Emergency contact">{emergency || "—"}</Detail>
            <Detail term="Source">{SOURCE_LABELS[client.source]}</Detail>
            <Detail term="Created">{formatDate(client.createdAt, tz)}</Detail>
            <Detail term="Member since">
              {client.memberSince ? formatDate(client.memberSince, tz) : "Not a member yet"}
            </Detail>
            <Detail term="Marketing consent">
              {client.marketingConsent
                ? `Yes${client.marketingConsentAt ? `, since ${formatDate(client.marketingConsentAt, tz)}` : ""}`
                : "No"}
            </Detail>
          </dl>
        </CardContent>
      </Card>

      <MemberCard ctx={ctx} clientId={client.id} />

      <Card>
        <CardHeader>
          <CardTitle id="client-memberships">Memberships</CardTitle>
          <CardDescription>Own memberships and those shared through a linked company.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5">
          {held.length === 0 ? (
            <EmptyState
              icon={CreditCard}
              headingLevel="h3"
              title="No memberships"
              description={`Give ${client.name} a plan below, or link them to a company that has one.`}
            />
          ) : (
            <Table aria-labelledby="client-memberships">
              <TableHeader>
                <TableRow>
                  <TableHead>Plan</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Period</TableHead>
                  <TableHead className="text-right">Sessions left</TableHead>
                  <TableHead>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {held.map(({ membership: m, plan, status, inherited }) => {
                  const company = m.companyId ? (companyNames.get(m.companyId) ?? "a company") : null;
                  return (
                    <TableRow key={m.id}>
                      <TableCell>
                        <div className="grid gap-0.5">
                          <Link
                            href={`/dashboard/memberships/${m.id}`}
                            className="font-medium text-brand-700 underline-offset-2 hover:underline"
                          >
                            {plan.name}
                          </Link>
                          {inherited && m.companyId ? (
                            <span className="text-xs text-muted-foreground">
                              Inherited via{" "}
                              <Link href={`/dashboard/companies/${m.companyId}`} className="underline underline-offset-2">
                                {company}
                              </Link>
                            </span>
                          ) : null}
                        </div>
                      </TableCell>
                      <TableCell>
                        <MembershipStatusBadge status={status} startsAt={m.startsAt} now={ctx.now} timeZone={tz} />
                      </TableCell>
                      <TableCell className="whitespace-nowrap">{formatPeriod(m, tz)}</TableCell>
                      <TableCell className="text-right tabular-nums">{sessionsLeft(m) ?? "—"}</TableCell>
                      <TableCell>
                        {inherited ? (
                          <span className="block text-right text-xs text-muted-foreground">Managed on the company&apos;s page</span>
                        ) : (
                          <MembershipActions m={actionTarget(ctx, m, plan, client.name, status)} />
                        )}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
          <div className="grid gap-3 border-t border-border pt-5">
            <h3 className="text-sm font-semibold">Add membership</h3>
            {planChoices.length ? (
              <AssignPlanForm holder={{ clientId: client.id }} plans={planChoices} today={dayInZone(ctx.now, tz)} />
            ) : (
              <p className="text-sm text-muted-foreground">
                No plan is on sale yet.{" "}
                <Link href="/dashboard/memberships" className="font-medium text-brand-700 underline underline-offset-2">
                  Create a plan
                </Link>
              </p>
            )}
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Edit client</CardTitle>
        </CardHeader>
        <CardContent>
          <EditClientForm client={toApiClient(client)} />
        </CardContent>
      </Card>
    </div>
  );
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-xs font-medium text-muted-foreground">{term}</dt>
      <dd className="text-sm text-foreground">{children}</dd>
    </div>
  );
}
