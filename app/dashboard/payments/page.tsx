import type { Metadata } from "next";
import Link from "next/link";
import { Banknote, Search } from "lucide-react";
import { Alert, Badge, Button, EmptyState, Input, PageHeader } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth/context";
import { InvalidInputError } from "@/lib/core/errors";
import { formatDate, formatDateTime, formatMoney } from "@/lib/core/format";
import { can } from "@/lib/core/permissions";
import { canWaiveFee, DUE_KINDS, listDuePayments, type DueKind } from "@/lib/payments";
import { MarkPaidButton, PaidAnnouncer, WaiveFeeButton } from "./mark-paid";

export const metadata: Metadata = { title: "Payments due" };

const BASE = "/dashboard/payments";
const KIND_LABELS: Record<DueKind, string> = {
  membership: "Membership",
  drop_in: "Drop-in",
  fee: "Fee",
  other: "Other",
};
const FILTERS: { kind: DueKind | undefined; label: string }[] = [
  { kind: undefined, label: "All" },
  { kind: "membership", label: "Memberships" },
  { kind: "drop_in", label: "Drop-ins" },
  { kind: "fee", label: "Fees" },
  { kind: "other", label: "Other" },
];

type SearchParams = Record<string, string | string[] | undefined>;

function href(p: { kind?: string; q?: string; cursor?: string }): string {
  const sp = new URLSearchParams();
  if (p.kind) sp.set("kind", p.kind);
  if (p.q) sp.set("q", p.q);
  if (p.cursor) sp.set("cursor", p.cursor);
  const s = sp.toString();
  return s ? `${BASE}?${s}` : BASE;
}

/** O3: Dashboard → Payments: every payment due, memberships and drop-ins alike, with filters, Mark paid and the total. */
export default async function PaymentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requireStaffContext();
  const tz = ctx.studio.timezone;
  const sp = await searchParams;
  const one = (k: string) => (typeof sp[k] === "string" ? (sp[k] as string) : undefined);
  const kind = DUE_KINDS.find((k) => k === one("kind"));
  const q = one("q")?.trim() || undefined;
  const cursor = one("cursor");

  if (!can(ctx, "payments.take")) {
    return (
      <>
        <PageHeader title="Payments due" />
        <p className="text-muted-foreground">Only the front desk, managers and owners take payments.</p>
      </>
    );
  }

  const canWaive = can(ctx, "payments.refund"); // B9
  let result: Awaited<ReturnType<typeof listDuePayments>> | null = null;
  let problem: string | null = null;
  try {
    result = await listDuePayments(ctx, { status: "due", kind, q, cursor, limit: 50 });
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    problem = "That page of the list is no longer available. Start again from the first page.";
  }
  const filtered = Boolean(kind || q);

  return (
    <>
      <PageHeader
        title="Payments due"
        description="Everything clients owe the studio, memberships and drop-ins alike, oldest first. Mark a payment paid when the money comes in."
      />

      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <nav aria-label="Kind of payment">
          <ul className="flex flex-wrap gap-1">
            {FILTERS.map((f) => {
              const current = f.kind === kind;
              return (
                <li key={f.label}>
                  <Link
                    href={href({ kind: f.kind, q })}
                    aria-current={current ? "page" : undefined}
                    className={`inline-flex h-9 items-center rounded-md border px-3 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring ${current ? "border-brand-600 bg-brand-50 text-brand-800" : "border-border bg-surface text-foreground hover:bg-muted"}`}
                  >
                    {f.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <form action={BASE} method="get" role="search" className="flex w-full gap-2 sm:w-auto">
          {kind ? <input type="hidden" name="kind" value={kind} /> : null}
          <label htmlFor="payments-q" className="sr-only">
            Client name or email
          </label>
          <Input
            id="payments-q"
            name="q"
            type="search"
            defaultValue={q}
            placeholder="Client name or email"
            className="min-w-0 flex-1 sm:w-64"
          />
          <Button type="submit" variant="outline">
            <Search aria-hidden="true" /> Search
          </Button>
        </form>
      </div>

      <PaidAnnouncer />

      {problem ? (
        <Alert variant="warning" title="List moved on" className="mb-4">
          {problem}{" "}
          <Link href={href({ kind, q })} className="font-medium underline">
            First page
          </Link>
        </Alert>
      ) : null}

      {result ? (
        <>
          <section aria-labelledby="due-total" className="mb-4 rounded-lg border border-border bg-surface p-4">
            <h2 id="due-total" className="text-sm font-medium text-muted-foreground">
              {filtered ? "Total due (this filter)" : "Total due"}
            </h2>
            {result.totals.length ? (
              <ul className="mt-1 flex flex-wrap gap-x-6 gap-y-1" data-testid="due-total">
                {result.totals.map((t) => (
                  <li key={t.currency} className="text-2xl font-semibold tabular-nums text-foreground">
                    {formatMoney(t.amountCents, t.currency)}{" "}
                    <span className="text-sm font-normal text-muted-foreground">
                      in {t.count} {new Intl.PluralRules("en-GB").select(t.count) === "one" ? "payment" : "payments"}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mt-1 text-2xl font-semibold tabular-nums text-foreground" data-testid="due-total">
                {formatMoney(0, ctx.studio.currency)}
              </p>
            )}
          </section>

          {result.data.length ? (
            <ul aria-label="Payments due" className="grid gap-2">
              {result.data.map((d) => {
                const amount = formatMoney(d.payment.amountCents, d.payment.currency);
                const what =
                  d.kind === "drop_in" && d.sessionStartsAt
                    ? `${d.label ?? "Drop-in"}, ${formatDateTime(d.sessionStartsAt, tz)}`
                    : (d.label ?? KIND_LABELS[d.kind]);
                return (
                  <li
                    key={d.payment.id}
                    className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-border bg-surface p-3"
                    data-testid="due-row"
                  >
                    <div className="grid min-w-0 gap-0.5">
                      <div className="flex flex-wrap items-center gap-2">
                        <Link
                          href={`/dashboard/clients/${d.client.id}`}
                          className="font-medium text-brand-700 underline-offset-2 hover:underline"
                        >
                          {d.client.name}
                        </Link>
                        <Badge
                          variant={d.kind === "drop_in" ? "warning" : d.kind === "membership" ? "brand" : "neutral"}
                        >
                          {KIND_LABELS[d.kind]}
                        </Badge>
                      </div>
                      <p className="break-words text-sm text-foreground">{what}</p>
                      <p className="text-xs text-muted-foreground">Due since {formatDate(d.payment.createdAt, tz)}</p>
                    </div>
                    <div className="flex items-center gap-3">
                      <span className="text-lg font-semibold tabular-nums">{amount}</span>
                      {canWaive && canWaiveFee(d.payment, ctx.now) ? (
                        <WaiveFeeButton id={d.payment.id} label={`${amount} ${what} of ${d.client.name}`} />
                      ) : null}
                      <MarkPaidButton id={d.payment.id} label={`${amount} from ${d.client.name} for ${what}`} />
                    </div>
                  </li>
                );
              })}
            </ul>
          ) : (
            <EmptyState
              icon={Banknote}
              title={filtered ? "Nothing due matches" : "Nothing is due"}
              description={
                filtered
                  ? "No payment due matches this filter. Choose All, or search another name."
                  : "When a client books a drop-in or takes a membership to pay at the studio, what they owe shows here."
              }
              action={
                filtered ? (
                  <Button asChild variant="outline">
                    <Link href={BASE}>Show everything due</Link>
                  </Button>
                ) : undefined
              }
            />
          )}
          {result.nextCursor ? (
            <div className="mt-4 flex justify-center">
              <Button asChild variant="outline">
                <Link href={href({ kind, q, cursor: result.nextCursor })}>Next page</Link>
              </Button>
            </div>
          ) : null}
        </>
      ) : null}
    </>
  );
}
