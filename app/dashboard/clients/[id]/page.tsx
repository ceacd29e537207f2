import type { Metadata } from "next";
import { orNotFound } from "@/app/_lib/or-not-found";
import type { ReactNode } from "react";
import Link from "next/link";
import { ArrowLeft, CreditCard, Mail, Pencil, Phone, Plus } from "lucide-react";
import {
  Alert,
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  Disclosure,
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
import type { Ctx } from "@/lib/core/ctx";
import { can } from "@/lib/core/permissions";
import { listClientBookings, getClientStats, type ClientStats, listNotes, listStudioTags } from "@/lib/crm";
import { listClientRetentionSends } from "@/lib/retention";
import { type HeldMembership, listClientMemberships } from "@/lib/memberships";
import { MemberCard } from "./member-card";
import { BookingHistory } from "./booking-history";
import { ClientStatusBadge, timeAgo } from "./client-labels";
import { HouseholdSection } from "./household-section";
import { FormsSection, UnsignedFormsBadge } from "./forms-section";
import { MessageForm } from "./message-form";
import { NotesSection, type NoteItem } from "./notes-section";
import { RecordActions } from "./record-actions";
import { TagsEditor } from "./tags-editor";
import { toApiClient, getClient } from "@/lib/clients";
import { listCompanies } from "@/lib/companies";
import { formatDate, formatDateTime, formatMoney } from "@/lib/core/format";
import { listPlans } from "@/lib/plans";
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
  const [held, companies, plans, stats, history, notes, studioTags, automated] = await Promise.all([
    listClientMemberships(ctx, client.id),
    listCompanies(ctx),
    listPlans(ctx),
    getClientStats(ctx, client.id),
    listClientBookings(ctx, client.id),
    listNotes(ctx, client.id),
    listStudioTags(ctx),
    listClientRetentionSends(ctx, client.id),
  ]);
  const newestFirst = [...history].sort((a, b) => b.session.startsAt.getTime() - a.session.startsAt.getTime());
  const companyNames = new Map(companies.map((c) => [c.id, c.name]));
  const planChoices = plans.map((p) => ({
    id: p.id,
    name: p.name,
    details: planDetails(p),
    price: formatMoney(p.priceCents, p.currency),
  }));
  const emergency = [client.emergencyContactName, client.emergencyContactPhone].filter(Boolean).join(", ");
  const current = held.filter((h) => !PAST.has(h.status));
  const past = held.filter((h) => PAST.has(h.status));
  const noteItems: NoteItem[] = notes.map((n) => ({
    id: n.id,
    body: n.body,
    shared: n.shared,
    mine: n.mine,
    authorName: n.author.name ?? (n.author.type === "api" ? "API key" : "A staff member"),
    createdAt: formatDateTime(n.createdAt, tz),
    createdAtIso: n.createdAt.toISOString(),
    edited: n.updatedAt ? formatDateTime(n.updatedAt, tz) : null,
  }));
  const membershipTable = (rows: HeldMembership[], labelledBy: string) => (
    <MembershipTable
      ctx={ctx}
      rows={rows}
      labelledBy={labelledBy}
      clientName={client.name}
      companyNames={companyNames}
    />
  );

  return (
    <div className="grid max-w-5xl grid-cols-1 gap-6">
      {sp.created === "1" ? (
        <Alert variant="success" title="Client added" role="status">
          {client.name} is now in your client list.
        </Alert>
      ) : null}

      <PageHeader
        className="mb-0"
        title={client.name}
        actions={
          <Button asChild variant="ghost" size="sm">
            <Link href="/dashboard/clients">
              <ArrowLeft aria-hidden="true" /> All clients
            </Link>
          </Button>
        }
      >
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-muted-foreground">
          <ClientStatusBadge status={stats.status} />
          <UnsignedFormsBadge clientId={client.id} />
          {client.email ? (
            <a
              href={`mailto:${client.email}`}
              className="inline-flex items-center gap-1 hover:text-foreground hover:underline"
            >
              <Mail aria-hidden="true" className="size-4" />
              <span className="sr-only">Email: </span>
              {client.email}
            </a>
          ) : (
            <span className="inline-flex items-center gap-1">
              <Mail aria-hidden="true" className="size-4" /> No email address
            </span>
          )}
          {client.phone ? (
            <a
              href={`tel:${client.phone.replace(/[^0-9+]/g, "")}`}
              className="inline-flex items-center gap-1 hover:text-foreground hover:underline"
            >
              <Phone aria-hidden="true" className="size-4" />
              <span className="sr-only">Phone: </span>
              {client.phone}
            </a>
          ) : null}
        </div>
        {client.tags.length ? (
          <ul className="mt-1 flex flex-wrap gap-1" aria-label="Tags">
            {client.tags.map((t) => (
              <li key={t}>
                <Badge variant="brand">{t}</Badge>
              </li>
            ))}
          </ul>
        ) : null}
      </PageHeader>

      <QuickStats stats={stats} currency={ctx.studio.currency} timeZone={tz} now={ctx.now} />

      <nav
        aria-label="Sections of this client"
        className="sticky top-0 z-10 -mx-1 flex gap-x-4 overflow-x-auto border-b border-border bg-canvas px-1 py-2 text-sm whitespace-nowrap"
      >
        {SECTIONS.map(([anchor, label]) => (
          <a key={anchor} href={`#${anchor}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
            {label}
          </a>
        ))}
      </nav>

      <Card id="bookings" className="scroll-mt-14">
        <CardHeader>
          <CardTitle id="client-bookings">Bookings</CardTitle>
          <CardDescription>
            Every booking, newest session first. Times are in the studio&apos;s time zone ({tz}).
          </CardDescription>
        </CardHeader>
        <CardContent>
          <BookingHistory
            bookings={newestFirst}
            timeZone={tz}
            clientName={client.name}
            canTakePayments={can(ctx, "payments.take")}
            canWaiveFees={can(ctx, "payments.refund")}
            now={ctx.now}
          />
        </CardContent>
      </Card>

      <Card id="memberships" className="scroll-mt-14">
        <CardHeader>
          <CardTitle id="client-memberships">Memberships</CardTitle>
          <CardDescription>
            Own memberships and those shared through a linked company. Open one to see its history.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5">
          {current.length === 0 ? (
            <EmptyState
              icon={CreditCard}
              headingLevel="h3"
              title="No current membership"
              description={`Give ${client.name} a plan below, or link them to a company that has one.`}
            />
          ) : (
            membershipTable(current, "client-memberships")
          )}
          {past.length ? (
            <div className="grid gap-2">
              <h3 id="client-past-memberships" className="text-sm font-semibold">
                Past memberships
              </h3>
              {membershipTable(past, "client-past-memberships")}
            </div>
          ) : null}
          <div className="grid gap-3 border-t border-border pt-5">
            {planChoices.length ? (
              // Folded away once the client has a membership; open when giving one is the next thing to do.
              <Disclosure
                defaultOpen={current.length === 0}
                summary={
                  <>
                    <Plus aria-hidden="true" /> Add membership
                  </>
                }
              >
                <AssignPlanForm holder={{ clientId: client.id }} plans={planChoices} today={dayInZone(ctx.now, tz)} />
              </Disclosure>
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

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card id="notes" className="scroll-mt-14">
          <CardHeader>
            <CardTitle>Notes</CardTitle>
            <CardDescription>
              Private to you unless shared with the studio&apos;s staff. Clients never see notes.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <NotesSection clientId={client.id} notes={noteItems} />
          </CardContent>
        </Card>

        <div className="grid content-start gap-6">
          <Card id="tags" className="scroll-mt-14">
            <CardHeader>
              <CardTitle>Tags</CardTitle>
              <CardDescription>Group clients to filter the client list.</CardDescription>
            </CardHeader>
            <CardContent>
              <TagsEditor clientId={client.id} tags={client.tags} suggestions={studioTags.map((t) => t.tag)} />
            </CardContent>
          </Card>

          <Card id="message" className="scroll-mt-14">
            <CardHeader>
              <CardTitle>Message</CardTitle>
              <CardDescription>Send {client.name} an email. It is listed under Settings → Sent mail.</CardDescription>
            </CardHeader>
            <CardContent>
              <MessageForm clientId={client.id} email={client.email} />
            </CardContent>
          </Card>

          <Card id="automations" className="scroll-mt-14">
            <CardHeader>
              <CardTitle>Automations</CardTitle>
              <CardDescription>Automated mails sent to {client.name} (Settings → Automations).</CardDescription>
            </CardHeader>
            <CardContent>
              {automated.length ? (
                <ul className="grid gap-2 text-sm" aria-label="Automated mails sent">
                  {automated.map((a) => (
                    <li key={`${a.flow}:${a.sentAt.toISOString()}`}>
                      <span className="font-medium">{a.subject}</span>
                      <span className="text-muted-foreground">{` · ${a.title} · ${formatDateTime(a.sentAt, tz)}`}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-muted-foreground">None yet.</p>
              )}
            </CardContent>
          </Card>
        </div>
      </div>

      <div id="household" className="scroll-mt-14">
        <HouseholdSection clientId={client.id} />
      </div>

      <FormsSection clientId={client.id} clientName={client.name} />

      <Card id="details" className="scroll-mt-14">
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
          <Disclosure
            id="edit"
            className="mt-5 border-t border-border pt-5"
            summary={
              <>
                <Pencil aria-hidden="true" /> Edit details
              </>
            }
          >
            <EditClientForm client={toApiClient(client)} />
          </Disclosure>
        </CardContent>
      </Card>

      <div id="card" className="scroll-mt-14">
        <MemberCard ctx={ctx} clientId={client.id} />
      </div>

      <div id="record" className="scroll-mt-14">
        <RecordActions clientId={client.id} />
      </div>
    </div>
  );
}

/** Memberships that no longer grant anything: listed apart, under "Past memberships". */
const PAST = new Set(["cancelled", "expired"]);

const SECTIONS: [string, string][] = [
  ["bookings", "Bookings"],
  ["memberships", "Memberships"],
  ["notes", "Notes"],
  ["tags", "Tags"],
  ["message", "Message"],
  ["automations", "Automations"],
  ["household", "Household"],
  ["details", "Details"],
  ["card", "Card"],
  ["record", "Merge, delete, erase"],
];

/** R1, R2: the client's figures at a glance. */
function QuickStats({
  stats,
  currency,
  timeZone,
  now,
}: {
  stats: ClientStats;
  currency: string;
  timeZone: string;
  now: Date;
}) {
  const average =
    stats.totalBookings > 0 ? formatMoney(Math.round(stats.lifetimeSpendCents / stats.totalBookings), currency) : "—";
  const since = (at: Date | null) =>
    at ? (
      <>
        {timeAgo(at, now)}
        <span className="block text-xs font-normal text-muted-foreground">{formatDate(at, timeZone)}</span>
      </>
    ) : (
      "—"
    );
  return (
    <section aria-label="Client figures">
      <dl className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <Stat term="Total bookings" hint={`${stats.activeBookings} upcoming`}>
          {stats.totalBookings}
        </Stat>
        <Stat term="Lifetime spend">{formatMoney(stats.lifetimeSpendCents, currency)}</Stat>
        <Stat term="Average per booking">{average}</Stat>
        <Stat term="First booking">{since(stats.firstBookingAt)}</Stat>
        <Stat term="Last booking">{since(stats.lastBookingAt)}</Stat>
        <Stat term="Last attended">{since(stats.lastAttendedAt)}</Stat>
      </dl>
    </section>
  );
}

function Stat({ term, hint, children }: { term: string; hint?: string; children: ReactNode }) {
  return (
    <div className="grid content-start gap-1 rounded-lg border border-border bg-surface p-3 shadow-sm">
      <dt className="text-xs font-medium text-muted-foreground">{term}</dt>
      <dd className="text-lg font-semibold tabular-nums text-foreground">
        {children}
        {hint ? <span className="block text-xs font-normal text-muted-foreground">{hint}</span> : null}
      </dd>
    </div>
  );
}

function MembershipTable({
  ctx,
  rows,
  labelledBy,
  clientName,
  companyNames,
}: {
  ctx: Ctx;
  rows: HeldMembership[];
  labelledBy: string;
  clientName: string;
  companyNames: Map<string, string>;
}) {
  const tz = ctx.studio.timezone;
  return (
    <Table aria-labelledby={labelledBy}>
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
        {rows.map(({ membership: m, plan, status, inherited }) => {
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
                  <span className="block text-right text-xs text-muted-foreground">
                    Managed on the company&apos;s page
                  </span>
                ) : (
                  <MembershipActions m={actionTarget(ctx, m, plan, clientName, status)} />
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
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
