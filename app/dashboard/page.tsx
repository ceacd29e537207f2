import type { Metadata } from "next";
import Link from "next/link";
import { ExternalLink, KeyRound, Plus, Users } from "lucide-react";
import {
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  CopyButton,
  EmptyState,
  PageHeader,
} from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth/context";
import { listClients } from "@/lib/crm/list-clients";
import { getStudioTotals } from "@/lib/crm/studio-totals";
import { formatDate, formatMoney } from "@/lib/core/format";
import { requestOrigin } from "@/app/_lib/request-origin";
import { isOwner } from "./settings/owner-only";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const ctx = await requireStaffContext();
  const [recent, origin, totals] = await Promise.all([listClients(ctx, { limit: 5 }), requestOrigin(), getStudioTotals(ctx)]);
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
              value={totals.revenue.length ? totals.revenue.map((r) => formatMoney(r.cents, r.currency)).join(" · ") : formatMoney(0, ctx.studio.currency)}
              hint="All time, paid minus refunds"
            />
          ) : null}
        </dl>
      </section>

      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card>
          <CardHeader className="flex-row items-center justify-between gap-2">
            <CardTitle>Recent clients</CardTitle>
            {recent.data.length ? (
              <Link href="/dashboard/clients" className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline">
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
                  <li key={c.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
                    <span className="min-w-0">
                      <Link
                        href={`/dashboard/clients/${c.id}`}
                        className="font-medium text-brand-700 underline-offset-2 hover:underline"
                      >
                        {c.name}
                      </Link>
                      {c.email ? <span className="ml-2 text-muted-foreground">{c.email}</span> : null}
                    </span>
                    <span className="text-xs text-muted-foreground">Added {formatDate(c.createdAt, tz)}</span>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>

        <div className="grid content-start gap-6">
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

          {isOwner(ctx) ? (
            <Card>
              <CardHeader>
                <CardTitle>Connect other tools</CardTitle>
                <CardDescription>Create an API key to sync clients and memberships with your website or CRM.</CardDescription>
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
