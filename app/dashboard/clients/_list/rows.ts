import type { HouseholdRole } from "@/db/schema";
import { formatDate, formatMoney } from "@/lib/core/format";
import type { ClientStatus } from "@/lib/crm/client-stats";
import type { ClientListRow } from "@/lib/crm/list-clients";
import type { MembershipBadge } from "@/lib/memberships/badges";

/**
 * One row of the clients table as the browser receives it: only what the list
 * shows, dates as ISO strings plus their text in the studio's time zone, money
 * already formatted. Formatting on the server keeps the browser's own locale
 * and zone out of the picture, so hydration always matches.
 */
export type ClientRow = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  status: ClientStatus;
  totalBookings: number;
  lifetimeSpendCents: number;
  lifetimeSpend: string;
  firstBookingAt: string | null;
  firstBooking: string | null;
  lastBookingAt: string | null;
  lastBooking: string | null;
  tags: string[];
  badges: MembershipBadge[];
  householdRole: HouseholdRole | null;
  portalDisabled: boolean;
};

export function toClientRow(c: ClientListRow, studio: { timezone: string; currency: string }): ClientRow {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    status: c.status,
    totalBookings: c.totalBookings,
    lifetimeSpendCents: c.lifetimeSpendCents,
    lifetimeSpend: formatMoney(c.lifetimeSpendCents, studio.currency),
    firstBookingAt: c.firstBookingAt?.toISOString() ?? null,
    firstBooking: c.firstBookingAt ? formatDate(c.firstBookingAt, studio.timezone) : null,
    lastBookingAt: c.lastBookingAt?.toISOString() ?? null,
    lastBooking: c.lastBookingAt ? formatDate(c.lastBookingAt, studio.timezone) : null,
    tags: c.tags,
    badges: c.badges,
    householdRole: c.householdRole,
    portalDisabled: c.portalDisabled,
  };
}
