import { and, eq, sql, type SQL } from "drizzle-orm";
import { bookings, classSessions, clients } from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { NotFoundError } from "@/lib/core/errors";
import { at } from "@/lib/core/sql";
import { isUuid } from "@/lib/core/validation";

import type { ClientStatus } from "./list-keys";

/** R2: how a client stands with the studio. */
export { CLIENT_STATUSES, type ClientStatus } from "./list-keys";

/** R2: a client is lapsed when its last booking is this many days old or older. */
export const LAPSED_AFTER_DAYS = 90;
/** R2: five bookings make a regular. */
export const REGULAR_FROM = 5;
/** R2: the "growing" filter: 3 to 5 bookings. */
export const GROWING = { min: 3, max: 5 } as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The instant at or before which a last booking makes a client lapsed. */
export function lapsedCutoff(now: Date): Date {
  return new Date(now.getTime() - LAPSED_AFTER_DAYS * DAY_MS);
}

/**
 * R2 from the R1 counters: lapsed if the last booking is 90+ days ago; else
 * regular with 5+ bookings; else active (its last booking is within 90 days);
 * else new (never booked). `clientStatusSql` is the same rule for queries.
 */
export function clientStatus(c: { totalBookings: number; lastBookingAt: Date | null }, now: Date): ClientStatus {
  if (!c.lastBookingAt || c.totalBookings === 0) return "new";
  if (c.lastBookingAt.getTime() <= lapsedCutoff(now).getTime()) return "lapsed";
  if (c.totalBookings >= REGULAR_FROM) return "regular";
  return "active";
}

/** R2 in SQL, over `clients`: the twin of `clientStatus` (a test keeps them equal). */
export function clientStatusSql(now: Date): SQL<ClientStatus> {
  return sql<ClientStatus>`(case
    when ${clients.lastBookingAt} is null or ${clients.totalBookings} = 0 then 'new'
    when ${clients.lastBookingAt} <= ${at(lapsedCutoff(now))} then 'lapsed'
    when ${clients.totalBookings} >= ${REGULAR_FROM} then 'regular'
    else 'active' end)`;
}

/**
 * R2 as conditions the list's indexes can serve (the total-bookings index and the
 * last-booking index, whose key is `coalesce(last_booking_at, '-infinity')`).
 * They lean on the counters' invariant: no booking ⇔ total 0 ⇔ no last booking.
 */
export function clientStatusCondition(status: ClientStatus, now: Date): SQL {
  const cutoff = at(lapsedCutoff(now));
  const last = sql`coalesce(${clients.lastBookingAt}, '-infinity')`;
  switch (status) {
    case "new":
      // The last booking's null is what the stats index (studio, last booking, …) finds directly; the total alone
      // sits third in it, which made the count read the studio's whole range (1,644 pages at 100,000 clients).
      return sql`${clients.lastBookingAt} is null and ${clients.totalBookings} = 0`;
    case "lapsed":
      return sql`${last} <= ${cutoff} and ${clients.totalBookings} > 0`;
    case "regular":
      return sql`${clients.totalBookings} >= ${REGULAR_FROM} and ${last} > ${cutoff}`;
    case "active":
      return sql`${clients.totalBookings} between 1 and ${REGULAR_FROM - 1} and ${last} > ${cutoff}`;
  }
}

/** R2: the list's "growing" filter. */
export function growingCondition(): SQL {
  return sql`${clients.totalBookings} between ${GROWING.min} and ${GROWING.max}`;
}

export type ClientStats = {
  totalBookings: number;
  /** S8: booked, not cancelled, session not started yet. */
  activeBookings: number;
  lifetimeSpendCents: number;
  firstBookingAt: Date | null;
  lastBookingAt: Date | null;
  /** B3: the start of the latest booked session that has ended (a no-show is not attended). */
  lastAttendedAt: Date | null;
  status: ClientStatus;
};

/**
 * R1 for one client: the maintained counters plus the two figures that depend
 * on the clock (active bookings, last attended), read from its own bookings.
 */
export async function getClientStats(ctx: Ctx, clientId: string): Promise<ClientStats> {
  requirePermission(ctx, "clients.read");
  if (!isUuid(clientId)) throw new NotFoundError("Client");
  const [row] = await ctx.db
    .select({
      totalBookings: clients.totalBookings,
      lifetimeSpendCents: clients.lifetimeSpendCents,
      firstBookingAt: clients.firstBookingAt,
      lastBookingAt: clients.lastBookingAt,
      activeBookings: sql<number>`(select count(*)::int from ${bookings} b join ${classSessions} s
        on s.studio_id = b.studio_id and s.id = b.session_id
        where b.studio_id = ${ctx.studio.id}::uuid and b.client_id = ${clientId}::uuid
          and b.status = 'booked' and s.starts_at > ${at(ctx.now)})`,
      lastAttendedAt: sql<Date | null>`(select max(s.starts_at) from ${bookings} b join ${classSessions} s
        on s.studio_id = b.studio_id and s.id = b.session_id
        where b.studio_id = ${ctx.studio.id}::uuid and b.client_id = ${clientId}::uuid
          and b.status = 'booked' and s.ends_at <= ${at(ctx.now)})`,
    })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, clientId)));
  if (!row) throw new NotFoundError("Client");
  const lastAttendedAt = row.lastAttendedAt === null ? null : new Date(row.lastAttendedAt);
  return { ...row, lastAttendedAt, activeBookings: Number(row.activeBookings), status: clientStatus(row, ctx.now) };
}

/**
 * R1 recomputed from the bookings and payments themselves, bypassing the
 * counters: what tests and the benchmark compare the maintained counters with.
 */
export function aggregateStatsSql(studioId: string) {
  return sql`select c.id,
      (select count(*)::int from ${bookings} b where b.studio_id = c.studio_id and b.client_id = c.id and b.status <> 'cancelled') as total_bookings,
      (select coalesce(sum(p.amount_cents - p.refunded_cents), 0)::bigint from payments p
        where p.studio_id = c.studio_id and p.client_id = c.id and p.status = 'paid') as lifetime_spend_cents,
      (select min(b.created_at) from ${bookings} b where b.studio_id = c.studio_id and b.client_id = c.id and b.status <> 'cancelled') as first_booking_at,
      (select max(b.created_at) from ${bookings} b where b.studio_id = c.studio_id and b.client_id = c.id and b.status <> 'cancelled') as last_booking_at
    from ${clients} c where c.studio_id = ${studioId}::uuid`;
}
