import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { sql, type SQL } from "drizzle-orm";
import { memberships, type Membership, type MembershipStatus } from "@/db/schema";
import { at } from "@/lib/core/sql";

type StatusFields = Pick<Membership, "status" | "startsAt" | "endsAt" | "suspendedFrom" | "suspendedUntil">;

/**
 * M3, M4, M9: the status of a membership at an instant, whatever the row says
 * and whether or not the sweep has run. The one place this is decided; the SQL
 * twin below is kept equal to it by a property test.
 *  - cancelled and expired are final;
 *  - an end in the past means expired at that instant (M4);
 *  - inside a suspension window it is suspended (M9);
 *  - otherwise the row's status (active or past_due).
 */
export function effectiveStatus(m: StatusFields, now: Date): MembershipStatus {
  if (m.status === "cancelled" || m.status === "expired") return m.status;
  if (m.endsAt && m.endsAt <= now) return "expired";
  if (m.suspendedFrom && m.suspendedUntil && m.suspendedFrom <= now && now < m.suspendedUntil) return "suspended";
  if (m.status === "suspended") return "active"; // a suspension written by hand whose window has passed
  return m.status;
}

/** Whether a membership grants booking rights, member-only access and permissions now (M3): active and started. */
export function grantsRights(m: StatusFields, now: Date): boolean {
  return effectiveStatus(m, now) === "active" && m.startsAt <= now;
}

/** The columns the status rule reads: the table itself or an alias of it. */
type StatusColumns = Record<"status" | "endsAt" | "suspendedFrom" | "suspendedUntil" | "startsAt", AnyPgColumn>;

/** SQL twin of effectiveStatus for set-based reads (lists, permissions, badges). */
export function effectiveStatusSql(now: Date, t: StatusColumns = memberships): SQL<MembershipStatus> {
  return sql<MembershipStatus>`(case
    when ${t.status} in ('cancelled', 'expired') then ${t.status}::text
    when ${t.endsAt} is not null and ${t.endsAt} <= ${at(now)} then 'expired'
    when ${t.suspendedFrom} is not null and ${t.suspendedFrom} <= ${at(now)} and ${at(now)} < ${t.suspendedUntil} then 'suspended'
    when ${t.status} = 'suspended' then 'active'
    else ${t.status}::text end)`;
}

/** SQL twin of grantsRights. */
export function grantsRightsSql(now: Date, t: StatusColumns = memberships): SQL<boolean> {
  return sql<boolean>`(${effectiveStatusSql(now, t)} = 'active' and ${t.startsAt} <= ${at(now)})`;
}

/**
 * O2: why a membership can or cannot pay for a booking now. `active`: it can;
 * anything else names the reason it cannot (not started yet, a pack at 0,
 * suspended, past due, expired, cancelled). The one place "can pay" is decided:
 * the check-in desk, the plan's Members tab and the API all read it from here.
 */
export type PayStanding = "active" | "not_started" | "no_sessions_left" | Exclude<MembershipStatus, "active">;

export function payStanding(m: StatusFields & Pick<Membership, "sessionsRemaining">, now: Date): PayStanding {
  const status = effectiveStatus(m, now);
  if (status !== "active") return status;
  if (m.startsAt > now) return "not_started";
  if (m.sessionsRemaining !== null && m.sessionsRemaining <= 0) return "no_sessions_left";
  return "active";
}

/** O2: whether a membership can pay for a booking now: it grants rights (M3) and, for a pack, has a session left (S1). */
export function canPay(m: StatusFields & Pick<Membership, "sessionsRemaining">, now: Date): boolean {
  return payStanding(m, now) === "active";
}
