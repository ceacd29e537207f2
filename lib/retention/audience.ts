import { sql, type SQL } from "drizzle-orm";
import type { RetentionFlow } from "@/db/schema";
import { at } from "@/lib/core/sql";
import { GROWING_AT, LAPSED_DAYS, RECENT_DAYS, WINBACK_WINDOW_DAYS } from "./flows";

const DAY = 86_400_000;

/**
 * Who a flow mails now (SQL over `clients c`), from the R1 counters the booking triggers keep, so the booking
 * path does no extra work:
 * - welcome: a first booking (R1 `first_booking_at`) in the last 7 days;
 * - growing: 3 to 5 live bookings (R2 "growing") and a booking in the last 7 days;
 * - winback: booked before, last booking 90+ days ago (R2 "lapsed"), within 30 days of that 90th day.
 * Always: marketing consent given (C2), an email, not erased (P1).
 */
export function flowCondition(flow: RetentionFlow, now: Date): SQL {
  const base = sql`c.marketing_consent and c.email is not null and c.erased_at is null and c.total_bookings >= 1`;
  const recent = at(new Date(now.getTime() - RECENT_DAYS * DAY));
  switch (flow) {
    case "welcome":
      return sql`${base} and coalesce(c.first_booking_at, '-infinity') > ${recent}`;
    case "growing":
      return sql`${base} and c.total_bookings between ${GROWING_AT} and 5 and c.last_booking_at > ${recent}`;
    case "winback":
      return sql`${base} and c.last_booking_at <= ${at(new Date(now.getTime() - LAPSED_DAYS * DAY))}
        and c.last_booking_at > ${at(new Date(now.getTime() - (LAPSED_DAYS + WINBACK_WINDOW_DAYS) * DAY))}`;
  }
}

/** The episode a send is for: welcome and growing once ever; win-back once per lapse, named by the last booking. */
export function episodeSql(flow: RetentionFlow): SQL {
  return flow === "winback"
    ? sql`to_char(c.last_booking_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    : sql`'once'`;
}

/** Clients of the studio whom the flow would mail now and has not mailed for this episode. */
export function audienceSql(studioId: string, flow: RetentionFlow, now: Date): SQL {
  return sql`from clients c
    where c.studio_id = ${studioId} and ${flowCondition(flow, now)}
      and not exists (
        select 1 from retention_sends r
        where r.studio_id = c.studio_id and r.flow = ${flow} and r.client_id = c.id and r.episode = ${episodeSql(flow)})`;
}
