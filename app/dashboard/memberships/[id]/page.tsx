import type { Metadata } from "next";
import { can } from "@/lib/core/permissions";
import { orNotFound } from "@/app/_lib/or-not-found";
import Link from "next/link";
import { ArrowLeft, History, Receipt } from "lucide-react";
import {
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
import { requireStaffContext } from "@/lib/auth";
import { getClient } from "@/lib/clients";
import { getCompany } from "@/lib/companies";
import type { Ctx } from "@/lib/core/ctx";
import { NotFoundError } from "@/lib/core/errors";
import { formatDate, formatDateTime, formatMoney } from "@/lib/core/format";
import { effectiveStatus, getMembership, getMembershipHistory } from "@/lib/memberships";
import { listPayments } from "@/lib/payments";
import { getPlan } from "@/lib/plans";
import type { Membership } from "@/db/schema";
import { lastDayOf } from "@/lib/core/time";
import { Detail } from "../detail";
import {
  actorLabel,
  describeEvent,
  KIND_LABELS,
  LEDGER_REASON_LABELS,
  PAYMENT_METHOD_LABELS,
  PAYMENT_STATUS_LABELS,
  formatPeriod,
  sessionsLeft,
} from "@/app/_components/memberships/labels";
import { MembershipActions } from "../membership-actions";
import { PaymentActions } from "../payment-actions";
import { actionTarget } from "../plan-values";
import { MembershipStatusBadge } from "@/app/_components/memberships/status-badge";

export const metadata: Metadata = { title: "Membership" };

const SOURCE_LABELS: Record<Membership["source"], string> = {
  staff: "Given by staff",
  purchase: "Bought online",
  embed: "Website signup",
  import: "Imported",
  api: "API",
};

/** The holder's name and page: a client (erased ones keep no name, P1) or a company (M7). */
async function holderOf(
  ctx: Ctx,
  m: Membership,
): Promise<{ name: string; href: string | null; kind: "client" | "company" }> {
  if (m.companyId) {
    const company = await getCompany(ctx, m.companyId);
    return { name: company.name, href: `/dashboard/companies/${company.id}`, kind: "company" };
  }
  try {
    const client = await getClient(ctx, m.clientId!);
    return { name: client.name, href: `/dashboard/clients/${client.id}`, kind: "client" };
  } catch (e) {
    if (e instanceof NotFoundError) return { name: "Erased client", href: null, kind: "client" };
    throw e;
  }
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : "0";
}

export default async function MembershipPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireStaffContext();
  const { id } = await params;
  const membership = await orNotFound(getMembership(ctx, id));
  const [plan, holder, history, payments] = await Promise.all([
    getPlan(ctx, membership.planId),
    holderOf(ctx, membership),
    getMembershipHistory(ctx, membership.id),
    listPayments(ctx, { membershipId: membership.id }),
  ]);
  const tz = ctx.studio.timezone;
  const status = effectiveStatus(membership, ctx.now);
  const owner = can(ctx, "payments.refund");

  return (
    <div className="grid max-w-6xl gap-6">
      <PageHeader
        className="mb-0"
        title={
          <>
            {plan.name} <span className="font-normal text-muted-foreground">· {holder.name}</span>
          </>
        }
        description={`${holder.kind === "company" ? "A company membership" : "A client's membership"}: its status, its whole history and its payments.`}
        actions={
          <Button asChild variant="ghost" size="sm">
            <Link href={`/dashboard/memberships/plans/${plan.id}/members`}>
              <ArrowLeft aria-hidden="true" /> Members of {plan.name}
            </Link>
          </Button>
        }
      />

      <Card>
        <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
          <div className="grid gap-1">
            <CardTitle>Membership</CardTitle>
            <CardDescription>
              {KIND_LABELS[plan.kind]} · {formatPeriod(membership, tz)}
            </CardDescription>
          </div>
          <MembershipActions m={actionTarget(ctx, membership, plan, holder.name, status)} layout="buttons" />
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2 lg:grid-cols-4">
            <Detail term="Holder">
              {holder.href ? (
                <Link href={holder.href} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                  {holder.name}
                </Link>
              ) : (
                holder.name
              )}
              {holder.kind === "company" ? (
                <span className="ml-1 text-muted-foreground">(company: its linked clients inherit it)</span>
              ) : null}
            </Detail>
            <Detail term="Plan">
              <Link
                href={`/dashboard/memberships/plans/${plan.id}`}
                className="text-brand-700 underline-offset-2 hover:underline"
              >
                {plan.name}
              </Link>
            </Detail>
            <Detail term="Status">
              <MembershipStatusBadge status={status} startsAt={membership.startsAt} now={ctx.now} timeZone={tz} />
            </Detail>
            <Detail term="Sessions left">{sessionsLeft(membership) ?? "Not a session pack"}</Detail>
            <Detail term="Starts">{formatDateTime(membership.startsAt, tz)}</Detail>
            <Detail term="Ends">
              {membership.endsAt ? (
                <>
                  {formatDateTime(membership.endsAt, tz)}
                  <span className="block text-xs text-muted-foreground">
                    Valid through {formatDate(lastDayOf(membership.endsAt), tz)}
                  </span>
                </>
              ) : (
                "Runs until cancelled"
              )}
            </Detail>
            {membership.suspendedFrom && membership.suspendedUntil ? (
              <Detail term="Suspension">
                {formatDate(membership.suspendedFrom, tz)} – {formatDate(lastDayOf(membership.suspendedUntil), tz)}
              </Detail>
            ) : null}
            {membership.cancelledAt ? (
              <Detail term="Cancelled">{formatDateTime(membership.cancelledAt, tz)}</Detail>
            ) : null}
            <Detail term="Source">{SOURCE_LABELS[membership.source]}</Detail>
          </dl>
        </CardContent>
      </Card>

      <section aria-labelledby="history-heading" className="grid gap-3">
        <h2 id="history-heading" className="text-base font-semibold">
          History
        </h2>
        {history.length === 0 ? (
          <EmptyState
            icon={History}
            headingLevel="h3"
            title="No history yet"
            description="Changes to this membership will be listed here."
          />
        ) : (
          <Table aria-labelledby="history-heading">
            <TableHeader>
              <TableRow>
                <TableHead>When</TableHead>
                <TableHead>What</TableHead>
                <TableHead className="text-right">Change</TableHead>
                <TableHead className="text-right">Sessions after</TableHead>
                <TableHead>Who</TableHead>
                <TableHead>Reason or note</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {history.map((e) => {
                if (e.kind === "ledger") {
                  return (
                    <TableRow key={e.id}>
                      <TableCell className="whitespace-nowrap">{formatDateTime(e.at, tz)}</TableCell>
                      <TableCell>{LEDGER_REASON_LABELS[e.reason]}</TableCell>
                      <TableCell className="text-right tabular-nums">
                        <span
                          aria-label={`${e.delta > 0 ? "plus" : e.delta < 0 ? "minus" : ""} ${Math.abs(e.delta)} sessions`}
                        >
                          {signed(e.delta)}
                        </span>
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{e.balanceAfter}</TableCell>
                      <TableCell>{actorLabel(e.actor)}</TableCell>
                      <TableCell className="text-muted-foreground">{e.note ?? "—"}</TableCell>
                    </TableRow>
                  );
                }
                const { title, detail } = describeEvent(e.action, e.data, tz);
                return (
                  <TableRow key={e.id}>
                    <TableCell className="whitespace-nowrap">{formatDateTime(e.at, tz)}</TableCell>
                    <TableCell>{title}</TableCell>
                    <TableCell className="text-right text-muted-foreground">
                      <span aria-hidden="true">—</span>
                      <VisuallyHidden>No change in sessions</VisuallyHidden>
                    </TableCell>
                    <TableCell className="text-right text-muted-foreground">
                      <span aria-hidden="true">—</span>
                    </TableCell>
                    <TableCell>{actorLabel(e.actor)}</TableCell>
                    <TableCell className="text-muted-foreground">{detail ?? "—"}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </section>

      <section aria-labelledby="payments-heading" className="grid gap-3">
        <h2 id="payments-heading" className="text-base font-semibold">
          Payments
        </h2>
        {payments.length === 0 ? (
          <EmptyState
            icon={Receipt}
            headingLevel="h3"
            title="No payments"
            description={
              holder.kind === "company"
                ? "A company's membership records no payments to a client."
                : "Sales of this membership (and its extensions) are recorded here when the plan has a price."
            }
          />
        ) : (
          <Table aria-labelledby="payments-heading">
            <TableHeader>
              <TableRow>
                <TableHead>Recorded</TableHead>
                <TableHead>For</TableHead>
                <TableHead className="text-right">Amount</TableHead>
                <TableHead>Method</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="text-right">Refunded</TableHead>
                <TableHead>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {payments.map((p) => {
                const amount = formatMoney(p.amountCents, p.currency);
                const left = p.amountCents - p.refundedCents;
                const label = `${amount} for ${p.description ?? plan.name}, ${formatDate(p.createdAt, tz)}`;
                return (
                  <TableRow key={p.id}>
                    <TableCell className="whitespace-nowrap">{formatDateTime(p.createdAt, tz)}</TableCell>
                    <TableCell>{p.description ?? "—"}</TableCell>
                    <TableCell className="text-right tabular-nums">{amount}</TableCell>
                    <TableCell>{p.method ? PAYMENT_METHOD_LABELS[p.method] : "—"}</TableCell>
                    <TableCell>
                      <Badge variant={p.status === "paid" ? "success" : p.status === "due" ? "warning" : "neutral"}>
                        {PAYMENT_STATUS_LABELS[p.status]}
                      </Badge>
                      {p.paidAt ? (
                        <span className="ml-2 text-xs text-muted-foreground">{formatDate(p.paidAt, tz)}</span>
                      ) : null}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {p.refundedCents ? formatMoney(p.refundedCents, p.currency) : "—"}
                    </TableCell>
                    <TableCell>
                      <PaymentActions
                        id={p.id}
                        label={label}
                        status={p.status}
                        refundable={left > 0 ? formatMoney(left, p.currency) : null}
                        canRefund={owner}
                      />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </section>
    </div>
  );
}
