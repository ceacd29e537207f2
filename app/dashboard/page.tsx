import type { Metadata } from "next";
import { can } from "@/lib/core/permissions";
import Link from "next/link";
import { ExternalLink, KeyRound, Plus, Users } from "lucide-react";
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  CopyButton,
  EmailText,
  EmptyState,
  PageHeader,
} from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { listClients } from "@/lib/crm/list-clients";
import { getStudioTotals } from "@/lib/crm/studio-totals";
import { listPaymentFailed } from "@/lib/memberships/payment-failed";
import { formatDate, formatMoney } from "@/lib/core/format";
import { requestOrigin } from "@/app/_lib/request-origin";
import { getOnboarding } from "@/lib/studios";
import { getStripeStatus } from "@/lib/stripe";
import { OnboardingChecklist } from "./onboarding-checklist";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const ctx = await requireStaffContext();
  const [recent, origin, totals, overdue, onboarding, stripe] = await Promise.all([
    listClients(ctx, { limit: 5 }),
    requestOrigin(),
    getStudioTotals(ctx),
    listPaymentFailed(ctx, { limit: 20 }),
    can(ctx, "settings") ? getOnboarding(ctx) : null,
    can(ctx, "settings") ? getStripeStatus(ctx) : null,
  ]);
  const portalPath = `/s/${ctx.studio.slug}`;
  const tz = ctx.studio.timezone;

  return (
    <>
      <PageHeader
        title={`Welcome to ${ctx.studio.name}`}
        description={`Times and dates are shown in ${tz}; prices in ${ctx.studio.currency}.`}
        actions={
          <Button asChild>
            <Link href="/dashboard/clients/new">
              <Plus aria-hidden="true" /> Add a client
            </Link>
          </Button>
        }
      />

      {onboarding ? (
        <OnboardingChecklist
          state={onboarding}
          portalUrl={`${origin}${portalPath}`}
          cardPayments={Boolean(stripe?.configured)}
        />
      ) : null}

      <section aria-labelledby="totals-heading" className="mb-6">
        <h2 id="totals-heading" className="sr-only">
          Studio totals
        </h2>
        <dl className="grid gap-4 sm:grid-cols-3">
          <Total label="Clients" value={totals.clients.toLocaleString("en-GB")} />
          <Total label="Bookings" value={totals.bookings.toLocaleString("en-GB")} hint="All time, not cancelled" />
          {totals.revenue ? (
            <Total
              label="Revenue"
              value={
                totals.revenue.length
                  ? totals.revenue.map((r) => formatMoney(r.cents, r.currency)).join(" · ")
                  : formatMoney(0, ctx.studio.currency)
              }
              hint="All time, paid minus refunds"
            />
          ) : null}
        </dl>
      </section>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card>
          <CardHeader className="flex-row items-center justify-between gap-2">
            <CardTitle>Recent clients</CardTitle>
            {recent.data.length ? (
              <Link
                href="/dashboard/clients"
                className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline"
              >
                All clients
              </Link>
            ) : null}
          </CardHeader>
          <CardContent>
            {recent.data.length === 0 ? (
              <EmptyState
                icon={Users}
                headingLevel="h3"
                title="No clients yet"
                description="Add your first client, or share your member portal so people can sign up."
              />
            ) : (
              <ul className="divide-y divide-border">
                {recent.data.map((c) => (
                  <li key={c.id} className="flex flex-wrap items-baseline justify-between gap-x-2 gap-y-0.5 py-2">
                    <span className="flex min-w-0 flex-wrap items-baseline gap-x-2">
                      <Link
                        href={`/dashboard/clients/${c.id}`}
                        className="min-w-0 font-medium break-words text-brand-700 underline-offset-2 hover:underline"
                      >
                        {c.name}
                      </Link>
                      {c.email ? <EmailText email={c.email} className="min-w-0 text-muted-foreground" /> : null}
                    </span>
                    <span className="text-xs text-muted-foreground">Added {formatDate(c.createdAt, tz)}</span>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>

        <div className="grid content-start gap-6">
          {overdue.length ? (
            <Card>
              <CardHeader>
                <CardTitle>
                  Payment failed <Badge variant="danger">{overdue.length}</Badge>
                </CardTitle>
                <CardDescription>
                  Their card payment did not go through, so they cannot book until it is paid. Each was emailed a link
                  to update the card; Stripe tries again.
                </CardDescription>
              </CardHeader>
              <CardContent>
                <ul className="divide-y divide-border" aria-label="Members whose payment failed">
                  {overdue.map((m) => (
                    <li key={m.membershipId} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
                      {m.clientId ? (
                        <Link
                          href={`/dashboard/clients/${m.clientId}`}
                          className="font-medium text-brand-700 underline-offset-2 hover:underline"
                        >
                          {m.clientName ?? "Client"}
                        </Link>
                      ) : (
                        <span className="font-medium">A company membership</span>
                      )}
                      <span className="text-xs text-muted-foreground">
                        {m.plan} · since {formatDate(m.since, tz)}
                      </span>
                    </li>
                  ))}
                </ul>
              </CardContent>
            </Card>
          ) : null}
          <Card>
            <CardHeader>
              <CardTitle>Member portal</CardTitle>
              <CardDescription>Share this link with your members so they can book and sign up.</CardDescription>
            </CardHeader>
            <CardContent className="flex flex-wrap items-center gap-2">
              <Link
                href={portalPath}
                target="_blank"
                rel="noopener"
                className="inline-flex min-w-0 items-center gap-1 break-all font-medium text-brand-700 underline underline-offset-2"
              >
                {origin}
                {portalPath}
                <ExternalLink aria-hidden="true" className="size-3.5 shrink-0" />
                <span className="sr-only"> (opens in a new tab)</span>
              </Link>
              <CopyButton text={`${origin}${portalPath}`} label="Copy portal link" />
            </CardContent>
          </Card>

          {can(ctx, "apikeys.manage") ? (
            <Card>
              <CardHeader>
                <CardTitle>Connect other tools</CardTitle>
                <CardDescription>
                  Create an API key to sync clients and memberships with your website or CRM.
                </CardDescription>
              </CardHeader>
              <CardContent>
                <Button asChild variant="outline">
                  <Link href="/dashboard/settings/api-keys">
                    <KeyRound aria-hidden="true" /> API keys
                  </Link>
                </Button>
              </CardContent>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}

function Total({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-lg border border-border bg-card p-4 shadow-xs">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`total-${label.toLowerCase()}`}>
        {value}
      </dd>
      {hint ? <dd className="text-xs text-muted-foreground">{hint}</dd> : null}
    </div>
  );
}
