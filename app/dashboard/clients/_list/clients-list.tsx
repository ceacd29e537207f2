"use client";

import { useMemo, useState, useTransition, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { ArrowDown, ArrowUp, ArrowUpDown, ChevronLeft, ChevronRight, SearchX } from "lucide-react";
import {
  functionalUpdate,
  useTable,
  type ColumnFiltersState,
  type PaginationState,
  type RowSelectionState,
  type SortingState,
} from "@tanstack/react-table";
import {
  Button,
  EmptyState,
  NativeSelect,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  VisuallyHidden,
  cn,
} from "@/app/_ui";
import { BulkActions } from "./bulk-actions";
import { columns } from "./columns";
import { SORT_LABELS } from "./labels";
import { ListLink } from "./list-link";
import type { ClientRow } from "./rows";
import { features } from "./table-features";
import { ClientsToolbar, type FilterOption } from "./toolbar";
import {
  DEFAULT_SORT,
  PAGE_SIZES,
  changedHref,
  clearedHref,
  filterKey,
  isSortKey,
  parseSort,
  sortParam,
  type ListState,
  type SortParam,
} from "./url-state";

const NO_SELECTION: RowSelectionState = {};
const number = (n: number) => n.toLocaleString("en-GB");

export type ClientsListProps = {
  rows: ClientRow[];
  /** Every client matching the filters. */
  total: number;
  /** False when `total` is the count cap ("10,000+"). */
  totalExact: boolean;
  /** A further page exists (known without counting). */
  hasMore: boolean;
  state: ListState;
  tags: FilterOption[];
  plans: FilterOption[];
  companies: FilterOption[];
  /** The owner may export (R6, R7); instructors may not. */
  canExport: boolean;
};

/** The column filters the table knows about, from the address (the search and the company have no column). */
function columnFiltersOf(state: ListState): ColumnFiltersState {
  const filters: ColumnFiltersState = [];
  if (state.status) filters.push({ id: "status", value: state.status });
  if (state.growing) filters.push({ id: "totalBookings", value: "growing" });
  if (state.tag) filters.push({ id: "tags", value: state.tag });
  if (state.plan) filters.push({ id: "memberships", value: state.plan });
  return filters;
}

function sortDescription(sort: SortParam): string {
  const words = isSortKey(sort.id) ? SORT_LABELS[sort.id] : null;
  if (!words) return sort.id;
  return `${words.label}, ${sort.desc ? words.desc : words.asc}`;
}

/**
 * The clients list (R1, R2, R4, R5) as a TanStack Table v9 whose sorting,
 * filtering and pagination are the server's: the table's state comes from
 * the address and every change to it is a navigation to a new address, which
 * the page answers with the new rows. Only the row selection (keyed by client
 * id) lives here; it lasts across pages and sorts, and is dropped when the
 * filters change.
 */
export function ClientsList({
  rows,
  total,
  totalExact,
  hasMore,
  state,
  tags,
  plans,
  companies,
  canExport,
}: ClientsListProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [announcement, setAnnouncement] = useState("");
  const navigate = (href: string, scroll = false) => startTransition(() => router.push(href, { scroll }));

  const scope = filterKey(state);
  const [selection, setSelection] = useState<{ scope: string; ids: RowSelectionState }>({ scope, ids: NO_SELECTION });
  const rowSelection = selection.scope === scope ? selection.ids : NO_SELECTION;

  const sorting = useMemo<SortingState>(() => [parseSort(state.sort)], [state.sort]);
  const pagination = useMemo<PaginationState>(
    () => ({ pageIndex: state.page - 1, pageSize: state.size }),
    [state.page, state.size],
  );
  const columnFilters = useMemo(() => columnFiltersOf(state), [state]);

  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.id,
    // An uncapped count gives tanstack the page count; past the cap the pages are open-ended.
    rowCount: totalExact ? total : -1,
    state: { sorting, pagination, columnFilters, rowSelection },
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    autoResetPageIndex: false,
    enableMultiSort: false,
    enableSortingRemoval: false,
    enableRowSelection: true,
    meta: { tagHref: (tag) => changedHref(state, { tag }) },
    onSortingChange: (updater) => {
      const [next] = functionalUpdate(updater, sorting);
      navigate(changedHref(state, { sort: next ? sortParam(next) : DEFAULT_SORT }));
    },
    onPaginationChange: (updater) => {
      const next = functionalUpdate(updater, pagination);
      navigate(
        changedHref(state, next.pageSize !== state.size ? { size: next.pageSize } : { page: next.pageIndex + 1 }),
        true,
      );
    },
    onColumnFiltersChange: (updater) => {
      const next = functionalUpdate(updater, columnFilters);
      const value = (id: string) => {
        const v = next.find((f) => f.id === id)?.value;
        return typeof v === "string" && v ? v : undefined;
      };
      navigate(
        changedHref(state, {
          status: value("status"),
          growing: Boolean(value("totalBookings")),
          tag: value("tags"),
          plan: value("memberships"),
        }),
      );
    },
    onRowSelectionChange: (updater) =>
      setSelection((prev) => ({
        scope,
        ids: functionalUpdate(updater, prev.scope === scope ? prev.ids : NO_SELECTION),
      })),
  });

  const selectedIds = Object.keys(rowSelection);
  const selectedOnPage = rows.filter((r) => rowSelection[r.id]).length;
  const first = (state.page - 1) * state.size + 1;
  const last = first + rows.length - 1;
  const pageCount = table.getPageCount();
  const sort = sorting[0]!;

  return (
    <>
      <ClientsToolbar state={state} tags={tags} plans={plans} companies={companies} navigate={navigate} />

      <div className="mb-3 flex flex-wrap items-center justify-between gap-x-4 gap-y-1 text-sm text-muted-foreground">
        <p role="status" aria-live="polite">
          {total === 0
            ? "No clients match these filters."
            : rows.length === 0
              ? `${number(total)} ${total === 1 ? "client" : "clients"}; this page is past the end.`
              : `${number(first)}–${number(last)} of ${number(total)}${totalExact ? "" : "+"} ${total === 1 ? "client" : "clients"}`}
          {total > 0 ? <span className="sr-only">, sorted by {sortDescription(sort)}</span> : null}
        </p>
        <div className="flex items-center gap-2">
          {pending ? <Spinner size="sm" label="Loading clients…" /> : null}
          <span aria-hidden="true">Sorted by {sortDescription(sort)}</span>
          {state.sort !== DEFAULT_SORT ? (
            <Button asChild variant="link" size="sm">
              <ListLink href={changedHref(state, { sort: DEFAULT_SORT })} navigate={navigate}>
                Newest first
              </ListLink>
            </Button>
          ) : null}
        </div>
      </div>

      {selectedIds.length ? (
        <BulkActions
          ids={selectedIds}
          onPage={selectedOnPage}
          canExport={canExport}
          tagSuggestions={tags.map((t) => t.value)}
          onClear={() => table.resetRowSelection(true)}
          announce={setAnnouncement}
        />
      ) : null}
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>

      {total === 0 ? (
        <EmptyState
          icon={SearchX}
          title="No clients match these filters"
          description="Try another search or fewer filters."
          action={
            <Button asChild variant="outline">
              <ListLink href={clearedHref(state)} navigate={navigate}>
                Clear filters
              </ListLink>
            </Button>
          }
        />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={SearchX}
          title={`There is no page ${number(state.page)}`}
          description={
            totalExact
              ? `This list has ${number(pageCount)} ${pageCount === 1 ? "page" : "pages"}.`
              : "This page is past the end of the list."
          }
          action={
            <Button asChild variant="outline">
              <ListLink
                href={changedHref(state, { page: totalExact ? Math.max(1, pageCount) : 1 })}
                navigate={navigate}
              >
                {totalExact ? "Go to the last page" : "Go to the first page"}
              </ListLink>
            </Button>
          }
        />
      ) : (
        <div aria-busy={pending || undefined} className={cn("transition-opacity", pending && "opacity-60")}>
          <Table aria-label="Clients">
            <TableHeader>
              {table.getHeaderGroups().map((group) => (
                <TableRow key={group.id}>
                  {group.headers.map((header) => {
                    const column = header.column;
                    const meta = column.columnDef.meta;
                    const extra = meta?.extraSort;
                    const own = column.getIsSorted();
                    const direction = own || (extra && sort.id === extra.id ? (sort.desc ? "desc" : "asc") : false);
                    return (
                      <TableHead
                        key={header.id}
                        aria-sort={direction ? (direction === "asc" ? "ascending" : "descending") : undefined}
                        className={cn("px-3 whitespace-normal", meta?.numeric && "text-right", meta?.headClassName)}
                      >
                        {header.isPlaceholder ? null : column.getCanSort() ? (
                          <span className={cn("inline-flex items-center gap-1", meta?.numeric && "justify-end")}>
                            <SortButton direction={own} onToggle={column.getToggleSortingHandler()}>
                              <table.FlexRender header={header} />
                            </SortButton>
                            {extra ? (
                              <>
                                <span aria-hidden="true">/</span>
                                <SortButton
                                  direction={sort.id === extra.id ? (sort.desc ? "desc" : "asc") : false}
                                  onToggle={() =>
                                    table.setSorting([
                                      { id: extra.id, desc: sort.id === extra.id ? !sort.desc : false },
                                    ])
                                  }
                                >
                                  {extra.label}
                                </SortButton>
                              </>
                            ) : null}
                          </span>
                        ) : (
                          <table.FlexRender header={header} />
                        )}
                      </TableHead>
                    );
                  })}
                </TableRow>
              ))}
            </TableHeader>
            <TableBody>
              {table.getRowModel().rows.map((row) => (
                <TableRow key={row.id} data-state={row.getIsSelected() ? "selected" : undefined}>
                  {row.getAllCells().map((cell) => {
                    const meta = cell.column.columnDef.meta;
                    return (
                      <TableCell
                        key={cell.id}
                        className={cn("px-3", meta?.numeric && "text-right tabular-nums", meta?.cellClassName)}
                      >
                        <table.FlexRender cell={cell} />
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}

      {total > 0 ? (
        <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm">
          <div className="flex items-center gap-2">
            <label htmlFor="clients-page-size" className="text-muted-foreground">
              Rows per page
            </label>
            <NativeSelect
              key={state.size}
              id="clients-page-size"
              wrapperClassName="w-20"
              defaultValue={String(state.size)}
              onChange={(e) => table.setPageSize(Number(e.currentTarget.value))}
            >
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="flex items-center gap-2">
            <span className="text-muted-foreground">
              Page {number(state.page)}
              {totalExact ? ` of ${number(Math.max(1, pageCount))}` : ""}
            </span>
            <PageLink
              href={table.getCanPreviousPage() ? changedHref(state, { page: state.page - 1 }) : null}
              navigate={(href) => navigate(href, true)}
              rel="prev"
            >
              <ChevronLeft aria-hidden="true" /> Previous
            </PageLink>
            <PageLink
              href={hasMore ? changedHref(state, { page: state.page + 1 }) : null}
              navigate={(href) => navigate(href, true)}
              rel="next"
            >
              Next <ChevronRight aria-hidden="true" />
            </PageLink>
          </div>
        </nav>
      ) : null}
    </>
  );
}

/** A column header's sort button: activating it sorts by the column, again reverses. */
function SortButton({
  direction,
  onToggle,
  children,
}: {
  direction: false | "asc" | "desc";
  onToggle: ((event: unknown) => void) | undefined;
  children: ReactNode;
}) {
  const Icon = direction === "asc" ? ArrowUp : direction === "desc" ? ArrowDown : ArrowUpDown;
  return (
    <button
      type="button"
      onClick={onToggle}
      className={cn(
        "-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 font-medium hover:text-foreground",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
        direction && "text-foreground",
      )}
    >
      {children}
      <Icon aria-hidden="true" className={cn("size-3.5", !direction && "opacity-40")} />
    </button>
  );
}

/** Previous / Next: a link while there is such a page, a disabled button otherwise. */
function PageLink({
  href,
  navigate,
  rel,
  children,
}: {
  href: string | null;
  navigate: (href: string) => void;
  rel: "prev" | "next";
  children: ReactNode;
}) {
  if (!href) {
    return (
      <Button type="button" variant="outline" size="sm" disabled>
        {children}
      </Button>
    );
  }
  return (
    <Button asChild variant="outline" size="sm">
      <ListLink href={href} navigate={navigate} rel={rel}>
        {children}
      </ListLink>
    </Button>
  );
}
