/**
 * The clients list's vocabulary, free of server imports so client components
 * can share it: R2 statuses (in their sort order) and the sortable columns.
 */
export const CLIENT_STATUSES = ["new", "active", "regular", "lapsed"] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

export const CLIENT_SORT_KEYS = [
  "createdAt",
  "name",
  "email",
  "phone",
  "totalBookings",
  "lifetimeSpend",
  "firstBookingAt",
  "lastBookingAt",
  "status",
] as const;
export type ClientSortKey = (typeof CLIENT_SORT_KEYS)[number];
