import type { Metadata } from "next";
import Form from "next/form";
import Link from "next/link";
import { Plus, Search, Users } from "lucide-react";
import {
  Alert,
  Badge,
  Button,
  EmptyState,
  Field,
  Input,
  PageHeader,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth/context";
import { listClients } from "@/lib/clients/list-clients";
import { InvalidInputError } from "@/lib/core/errors";
import { formatDate } from "@/lib/core/format";
import { membershipBadges, type MembershipBadge } from "@/lib/memberships/badges";
import { SOURCE_LABELS } from "./labels";

export const metadata: Metadata = { title: "Clients" };

const PAGE_SIZE = 25;
const BASE = "/dashboard/clients";

type SearchParams = Record<string, string | string[] | undefined>;

/** One query-string value; repeated or blank parameters count as absent. */
function param(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

function clientsHref(params: { q?: string; tag?: string; cursor?: string }): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) qs.set(k, v);
  const s = qs.toString();
  return s ? `${BASE}?${s}` : BASE;
}

function AddClientButton({ label = "Add client" }: { label?: string }) {
  return (
    <Button asChild>
      <Link href={`${BASE}/new`}>
        <Plus aria-hidden="true" /> {label}
      </Link>
    </Button>
  );
}

export default async function ClientsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requireStaffContext();
  const sp = await searchParams;
  const q = param(sp.q);
  const tag = param(sp.tag);
  const cursor = param(sp.cursor);

  let page: Awaited<ReturnType<typeof listClients>> | null = null;
  let problem: string | null = null;
  try {
    page = await listClients(ctx, { q, tag, cursor, limit: PAGE_SIZE });
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    problem = e.message;
  }
  // R5: the badges of the whole page in one query.
  const badges = page ? await membershipBadges(ctx, page.data.map((c) => c.id)) : new Map<string, MembershipBadge[]>();
  // Only one "Clear search" at a time: the empty state brings its own.
  const showClear = Boolean((q || tag) && page && page.data.length > 0);

  return (
    <>
      <PageHeader
        title="Clients"
        description="Everyone your studio has dealt with: members, drop-ins, leads."
        actions={<AddClientButton />}
      />

      <Form action={BASE} role="search" aria-label="Client search" className="mb-4 flex flex-wrap items-end gap-3">
        <Field label="Search clients" htmlFor="q" className="min-w-56 flex-1">
          <Input name="q" type="search" defaultValue={q} placeholder="Name, email or phone" />
        </Field>
        <Field label="Tag" htmlFor="tag" className="w-44">
          <Input name="tag" defaultValue={tag} placeholder="e.g. prenatal" />
        </Field>
        <Button type="submit" variant="outline">
          <Search aria-hidden="true" /> Search
        </Button>
        {showClear ? (
          <Button asChild variant="ghost">
            <Link href={BASE}>Clear search</Link>
          </Button>
        ) : null}
      </Form>

      {problem ? (
        <Alert variant="danger" title="That search could not be run" role="alert">
          {problem} <Link href={BASE}>Show all clients</Link>
        </Alert>
      ) : page && page.data.length === 0 ? (
        <NoClients q={q} tag={tag} cursor={cursor} />
      ) : page ? (
        <>
          <Table aria-label="Clients">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Email</TableHead>
                <TableHead>Phone</TableHead>
                <TableHead>Memberships</TableHead>
                <TableHead>Tags</TableHead>
                <TableHead>Source</TableHead>
                <TableHead>Created</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {page.data.map((c) => (
                <TableRow key={c.id}>
                  <TableCell>
                    <Link href={`${BASE}/${c.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                      {c.name}
                    </Link>
                  </TableCell>
                  <TableCell className="text-muted-foreground">{c.email ?? "—"}</TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">{c.phone ?? "—"}</TableCell>
                  <TableCell>
                    <MembershipBadges badges={badges.get(c.id) ?? []} />
                  </TableCell>
                  <TableCell>
                    {c.tags.length ? (
                      <ul className="flex flex-wrap gap-1">
                        {c.tags.map((t) => (
                          <li key={t}>
                            <Link href={clientsHref({ tag: t })} title={`Show clients tagged “${t}”`}>
                              <Badge variant="brand">{t}</Badge>
                            </Link>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="text-muted-foreground">—</span>
                    )}
                  </TableCell>
                  <TableCell className="whitespace-nowrap">{SOURCE_LABELS[c.source]}</TableCell>
                  <TableCell className="whitespace-nowrap">{formatDate(c.createdAt, ctx.studio.timezone)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Pagination
            first={cursor ? clientsHref({ q, tag }) : null}
            next={page.nextCursor ? clientsHref({ q, tag, cursor: page.nextCursor }) : null}
          />
        </>
      ) : null}
    </>
  );
}

/** R5: one badge per membership that grants rights now; inherited ones name their company. */
function MembershipBadges({ badges }: { badges: MembershipBadge[] }) {
  if (!badges.length) return <span className="text-muted-foreground">—</span>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Active memberships">
      {badges.map((b) => (
        <li key={b.membershipId}>
          <Badge variant={b.inherited ? "outline" : "success"}>
            {b.inherited ? `${b.planName} (via ${b.companyName ?? "company"})` : b.planName}
          </Badge>
        </li>
      ))}
    </ul>
  );
}

function NoClients({ q, tag, cursor }: { q?: string; tag?: string; cursor?: string }) {
  if (cursor) {
    return (
      <EmptyState
        icon={Users}
        title="No more clients"
        description="You have reached the end of the list."
        action={
          <Button asChild variant="outline">
            <Link href={clientsHref({ q, tag })}>First page</Link>
          </Button>
        }
      />
    );
  }
  if (!q && !tag) {
    return (
      <EmptyState
        icon={Users}
        title="No clients yet"
        description="Clients appear here when you add them, or when someone books, buys a membership or signs up online."
        action={<AddClientButton label="Add a client" />}
      />
    );
  }
  const title = q ? `No clients match “${q}”${tag ? ` tagged “${tag}”` : ""}` : `No clients tagged “${tag}”`;
  return (
    <EmptyState
      icon={Search}
      title={title}
      description="Search looks at names, email addresses and phone numbers."
      action={
        <Button asChild variant="outline">
          <Link href={BASE}>Clear search</Link>
        </Button>
      }
    />
  );
}

function Pagination({ first, next }: { first: string | null; next: string | null }) {
  if (!first && !next) return null;
  return (
    <nav aria-label="Pagination" className="mt-4 flex justify-between gap-2">
      <div>
        {first ? (
          <Button asChild variant="outline" size="sm">
            <Link href={first}>First page</Link>
          </Button>
        ) : null}
      </div>
      <div>
        {next ? (
          <Button asChild variant="outline" size="sm">
            <Link href={next}>Next page</Link>
          </Button>
        ) : null}
      </div>
    </nav>
  );
}
