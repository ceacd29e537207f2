import type { Metadata } from "next";
import { can } from "@/lib/core/permissions";
import Link from "next/link";
import { Download, FileUp, Plus, Users } from "lucide-react";
import { Alert, Button, EmptyState, PageHeader } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { listCompanies } from "@/lib/companies";
import type { Ctx } from "@/lib/core/ctx";
import { InvalidInputError } from "@/lib/core/errors";
import { listClients, type ClientListPage } from "@/lib/crm/list-clients";
import { listStudioTags } from "@/lib/crm/tags";
import { listPlans } from "@/lib/plans/plans";
import { FIGURE_INFO, isFigure } from "@/lib/reports";
import { periodLabel } from "../reports/format";
import { ClientsList } from "./_list/clients-list";
import { toClientRow } from "./_list/rows";
import {
  CLIENTS_PATH,
  describeProblems,
  exportHref,
  hasFilters,
  listInput,
  readListState,
  type ListState,
  type SearchParams,
} from "./_list/url-state";

export const metadata: Metadata = { title: "Clients" };

const IMPORT_PATH = "/dashboard/memberships/import";

/** R9: back to the Reports page for the same period. */
function reportsHref(state: ListState): string {
  const qs = new URLSearchParams();
  if (state.from) qs.set("from", state.from);
  if (state.to) qs.set("to", state.to);
  const q = qs.toString();
  return q ? `/dashboard/reports?${q}` : "/dashboard/reports";
}

/** The page of clients, or what is wrong with the address (a bad filter, sort or page): never a crash. */
async function readPage(ctx: Ctx, state: ListState): Promise<{ page: ClientListPage } | { problems: string[] }> {
  try {
    return { page: await listClients(ctx, listInput(state)) };
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    return { problems: describeProblems(e.fields, e.message) };
  }
}

/**
 * The clients list (R1, R2, R4, R5). Everything it shows is in the address
 * (search, filters, sort, page, page size), read here and answered by
 * listClients on the server; the table in the browser only turns clicks into
 * new addresses.
 */
export default async function ClientsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requireStaffContext();
  const { state, problems } = readListState(await searchParams);
  const owner = can(ctx, "exports");

  const [result, tags, plans, companies] = await Promise.all([
    problems.length ? { problems } : readPage(ctx, state),
    listStudioTags(ctx),
    listPlans(ctx, { includeArchived: true }),
    listCompanies(ctx),
  ]);

  const firstClient = "page" in result && (result.page.total ?? result.page.data.length) === 0 && !hasFilters(state);
  // R6 is the owner's; a view that could not be shown has nothing to export.
  const showExport = owner && "page" in result && !firstClient;

  return (
    <>
      <PageHeader
        title="Clients"
        description="Everyone your studio has dealt with: members, drop-ins, leads."
        actions={
          <>
            {showExport ? (
              <Button asChild variant="outline">
                {/* A plain link: the route answers with a file, not a page. */}
                <a href={exportHref(state)}>
                  <Download aria-hidden="true" /> Export CSV
                </a>
              </Button>
            ) : null}
            <Button asChild variant="outline">
              <Link href={IMPORT_PATH}>
                <FileUp aria-hidden="true" /> Import
              </Link>
            </Button>
            <Button asChild>
              <Link href={`${CLIENTS_PATH}/new`}>
                <Plus aria-hidden="true" /> Add client
              </Link>
            </Button>
          </>
        }
      />

      {state.figure && isFigure(state.figure) ? (
        <Alert title={`The people behind “${FIGURE_INFO[state.figure].label}”`} className="mb-4">
          <p>
            {FIGURE_INFO[state.figure].scope === "now"
              ? "As of today. "
              : state.from && state.to
                ? `${periodLabel(state.from, state.to)}. `
                : "This month. "}
            {FIGURE_INFO[state.figure].people} Select them to message or tag them; export gives this list as CSV.{" "}
            <Link href={reportsHref(state)}>Back to Reports</Link>
          </p>
        </Alert>
      ) : null}

      {"problems" in result ? (
        <Alert variant="danger" title="This view of the client list could not be shown" role="alert">
          <ul className="grid gap-1">
            {result.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          <p className="mt-2">
            The address may have been changed by hand or be out of date.{" "}
            <Link href={CLIENTS_PATH}>Show all clients</Link>
          </p>
        </Alert>
      ) : firstClient ? (
        <EmptyState
          icon={Users}
          title="No clients yet"
          description="Clients appear here when you add them, import your members, or when someone books, buys a membership or signs up online."
          action={
            <>
              <Button asChild>
                <Link href={`${CLIENTS_PATH}/new`}>
                  <Plus aria-hidden="true" /> Add your first client
                </Link>
              </Button>
              <Button asChild variant="outline">
                <Link href={IMPORT_PATH}>
                  <FileUp aria-hidden="true" /> Import members
                </Link>
              </Button>
            </>
          }
        />
      ) : (
        <ClientsList
          rows={result.page.data.map((c) => toClientRow(c, ctx.studio))}
          total={result.page.total ?? result.page.data.length}
          totalExact={result.page.totalExact}
          hasMore={result.page.nextCursor !== null}
          state={state}
          tags={tags.map((t) => ({ value: t.tag, label: `${t.tag} (${t.clients.toLocaleString("en-GB")})` }))}
          plans={plans.map((p) => ({ value: p.id, label: p.archivedAt ? `${p.name} (archived)` : p.name }))}
          companies={companies.map((c) => ({ value: c.id, label: c.name }))}
          canExport={owner}
        />
      )}
    </>
  );
}
