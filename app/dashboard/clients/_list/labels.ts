import type { HouseholdRole } from "@/db/schema";
import { CLIENT_STATUSES, type ClientStatus } from "@/lib/crm/list-keys";
import type { SortKey } from "./url-state";

/** R2 statuses in the order the list sorts them (new < active < regular < lapsed). */
export const STATUS_OPTIONS = CLIENT_STATUSES;

export const CLIENT_STATUS_LABELS: Record<ClientStatus, string> = {
  new: "New",
  active: "Active",
  regular: "Regular",
  lapsed: "Lapsed",
};

/** R2 in words, for the pill's tooltip and the status filter's hint. */
export const CLIENT_STATUS_HINTS: Record<ClientStatus, string> = {
  new: "No bookings yet",
  active: "Booked in the last 90 days, fewer than 5 bookings",
  regular: "5 or more bookings, the last within 90 days",
  lapsed: "Last booking 90 or more days ago",
};

/** H1: how a household member relates to its primary customer. */
export const HOUSEHOLD_ROLE_LABELS: Record<HouseholdRole, string> = {
  participant: "Participant",
  additional_user: "Additional user",
};

/** How the list's order reads: the sort key and each direction in words. */
export const SORT_LABELS: Record<SortKey, { label: string; asc: string; desc: string }> = {
  createdAt: { label: "Date added", asc: "oldest first", desc: "newest first" },
  name: { label: "Name", asc: "A to Z", desc: "Z to A" },
  email: { label: "Email", asc: "A to Z", desc: "Z to A" },
  phone: { label: "Phone", asc: "ascending", desc: "descending" },
  totalBookings: { label: "Total bookings", asc: "fewest first", desc: "most first" },
  lifetimeSpend: { label: "Lifetime spend", asc: "lowest first", desc: "highest first" },
  firstBookingAt: { label: "First booking", asc: "oldest first", desc: "newest first" },
  lastBookingAt: { label: "Last booking", asc: "oldest first", desc: "newest first" },
  status: { label: "Status", asc: "new to lapsed", desc: "lapsed to new" },
};
