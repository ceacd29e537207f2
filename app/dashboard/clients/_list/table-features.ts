import {
  columnFilteringFeature,
  metaHelper,
  rowPaginationFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
} from "@tanstack/react-table";

/** What the cells need from the list around them. */
export type ClientsTableMeta = {
  /** The list filtered by one tag (R4), keeping the other filters. */
  tagHref: (tag: string) => string;
};

export type ClientsColumnMeta = {
  /** Right-aligned figures. */
  numeric?: boolean;
  /** A second sort key offered in the same header (the name column also sorts by email). */
  extraSort?: { id: "email"; label: string };
  headClassName?: string;
  cellClassName?: string;
};

/**
 * TanStack Table v9 features of the clients table. Sorting, filtering and
 * pagination are done by the server (listClients): the table runs them in
 * manual mode and only holds their state, which comes from the address.
 * No client row models are registered, so rows are rendered as the server sent them.
 */
export const features = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  rowPaginationFeature,
  rowSelectionFeature,
  tableMeta: metaHelper<ClientsTableMeta>(),
  columnMeta: metaHelper<ClientsColumnMeta>(),
});

export type ClientsFeatures = typeof features;
