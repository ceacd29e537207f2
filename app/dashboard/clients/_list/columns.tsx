"use client";

import Link from "next/link";
import { createColumnHelper } from "@tanstack/react-table";
import { Badge, Checkbox, EmailText } from "@/app/_ui";
import type { MembershipBadge } from "@/lib/memberships/badges";
import { ClientStatusPill } from "./client-status-pill";
import { HOUSEHOLD_ROLE_LABELS } from "./labels";
import { isPlainClick } from "./list-link";
import type { ClientRow } from "./rows";
import type { ClientsFeatures } from "./table-features";
import { CLIENTS_PATH } from "./url-state";

const helper = createColumnHelper<ClientsFeatures, ClientRow>();

function Nothing({ label = "None" }: { label?: string }) {
  return (
    <span className="text-muted-foreground">
      <span aria-hidden="true">—</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}

function DateCell({ iso, text }: { iso: string | null; text: string | null }) {
  if (!iso || !text) return <Nothing label="Never" />;
  return (
    <time dateTime={iso} className="whitespace-nowrap">
      {text}
    </time>
  );
}

/** R5: one badge per membership that grants rights now; an inherited one names its company. */
export function MembershipBadges({ badges }: { badges: MembershipBadge[] }) {
  if (!badges.length) return <Nothing />;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Active memberships">
      {badges.map((b) => (
        <li key={b.membershipId}>
          <Badge variant={b.inherited ? "outline" : "success"} className="whitespace-normal">
            {b.inherited ? `${b.planName} (via ${b.companyName ?? "company"})` : b.planName}
          </Badge>
        </li>
      ))}
    </ul>
  );
}

/**
 * The clients table's columns. Each data column's id is the list's sort key
 * (ListClientsInput.sort), so TanStack's sorting state maps straight onto
 * the address. Tags and memberships cannot be sorted by the server.
 */
export const columns = helper.columns([
  helper.display({
    id: "select",
    enableSorting: false,
    meta: { headClassName: "w-10 pr-0", cellClassName: "w-10 pr-0" },
    header: ({ table }) => {
      const all = table.getIsAllPageRowsSelected();
      const some = table.getIsSomePageRowsSelected();
      return (
        <Checkbox
          aria-label="Select all clients on this page"
          checked={all}
          ref={(el) => {
            if (el) el.indeterminate = some && !all;
          }}
          onChange={table.getToggleAllPageRowsSelectedHandler()}
        />
      );
    },
    cell: ({ row }) => (
      <Checkbox
        aria-label={`Select ${row.original.name}`}
        checked={row.getIsSelected()}
        disabled={!row.getCanSelect()}
        onChange={row.getToggleSelectedHandler()}
      />
    ),
  }),
  helper.accessor("name", {
    header: "Name",
    sortDescFirst: false,
    meta: { extraSort: { id: "email", label: "Email" }, headClassName: "min-w-48" },
    cell: ({ row }) => {
      const c = row.original;
      return (
        <div className="grid gap-0.5">
          <Link
            href={`${CLIENTS_PATH}/${c.id}`}
            className="font-medium text-brand-700 underline-offset-2 hover:underline"
          >
            {c.name}
          </Link>
          {c.email ? <EmailText email={c.email} className="text-xs text-muted-foreground" /> : null}
          {c.householdRole || c.portalDisabled ? (
            <span className="flex flex-wrap gap-1">
              {c.householdRole ? <Badge variant="outline">{HOUSEHOLD_ROLE_LABELS[c.householdRole]}</Badge> : null}
              {c.portalDisabled ? <Badge variant="neutral">Portal off</Badge> : null}
            </span>
          ) : null}
        </div>
      );
    },
  }),
  helper.accessor("phone", {
    header: "Phone",
    sortDescFirst: false,
    meta: { cellClassName: "whitespace-nowrap text-muted-foreground" },
    cell: ({ getValue }) => getValue() ?? <Nothing />,
  }),
  helper.accessor("status", {
    header: "Status",
    sortDescFirst: false,
    cell: ({ getValue }) => <ClientStatusPill status={getValue()} />,
  }),
  helper.accessor("totalBookings", {
    header: "Total bookings",
    sortDescFirst: true,
    meta: { numeric: true },
    cell: ({ getValue }) => getValue().toLocaleString("en-GB"),
  }),
  helper.accessor("lifetimeSpendCents", {
    id: "lifetimeSpend",
    header: "Lifetime spend",
    sortDescFirst: true,
    meta: { numeric: true, cellClassName: "whitespace-nowrap" },
    cell: ({ row }) => row.original.lifetimeSpend,
  }),
  helper.accessor("firstBookingAt", {
    header: "First booking",
    sortDescFirst: true,
    cell: ({ row }) => <DateCell iso={row.original.firstBookingAt} text={row.original.firstBooking} />,
  }),
  helper.accessor("lastBookingAt", {
    header: "Last booking",
    sortDescFirst: true,
    cell: ({ row }) => <DateCell iso={row.original.lastBookingAt} text={row.original.lastBooking} />,
  }),
  helper.accessor("tags", {
    header: "Tags",
    enableSorting: false,
    // The server filters (manualFiltering); naming a function keeps TanStack from looking for a built-in one.
    filterFn: () => true,
    cell: ({ row, column, table }) => {
      const tags = row.original.tags;
      if (!tags.length) return <Nothing />;
      const tagHref = table.options.meta?.tagHref;
      return (
        <ul className="flex flex-wrap gap-1" aria-label="Tags">
          {tags.map((t) => (
            <li key={t}>
              {tagHref ? (
                <Link
                  href={tagHref(t)}
                  title={`Show clients tagged “${t}”`}
                  className="rounded-full focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
                  onClick={(e) => {
                    if (!isPlainClick(e)) return;
                    // R4: through the table's (manual) column filter, which the list writes to the address.
                    e.preventDefault();
                    column.setFilterValue(t);
                  }}
                >
                  <Badge variant="brand" className="whitespace-normal">
                    {t}
                  </Badge>
                </Link>
              ) : (
                <Badge variant="brand" className="whitespace-normal">
                  {t}
                </Badge>
              )}
            </li>
          ))}
        </ul>
      );
    },
  }),
  helper.accessor("badges", {
    id: "memberships",
    header: "Memberships",
    enableSorting: false,
    cell: ({ row }) => <MembershipBadges badges={row.original.badges} />,
  }),
]);
