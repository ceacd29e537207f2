import { z } from "zod";
import { membershipSource, type Membership, type MembershipPlan } from "@/db/schema";
import { effectiveStatus } from "./effective-status";

/** A timestamp in ISO 8601 with an offset (API.md), or a Date from code. */
export const Instant = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))], {
  error: "Use an ISO 8601 time with an offset, e.g. 2026-05-01T09:00:00+02:00.",
});

export const MembershipSource = z.enum(membershipSource.enumValues);

const DAY = 86_400_000;
export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY);
}

/** The membership as the API shows it (API.md "Memberships"); `status` is the effective one (M4). */
export function toApiMembership(m: Membership, now: Date) {
  return {
    id: m.id,
    planId: m.planId,
    holder: m.clientId ? { type: "client" as const, id: m.clientId } : { type: "company" as const, id: m.companyId! },
    status: effectiveStatus(m, now),
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt?.toISOString() ?? null,
    sessionsTotal: m.sessionsTotal,
    sessionsRemaining: m.sessionsRemaining,
    suspendedFrom: m.suspendedFrom?.toISOString() ?? null,
    suspendedUntil: m.suspendedUntil?.toISOString() ?? null,
    source: m.source,
    stripeSubscriptionId: m.stripeSubscriptionId,
    paypalSubscriptionId: m.paypalSubscriptionId,
    createdAt: m.createdAt.toISOString(),
  };
}

/**
 * M1, O5: the billing period of a recurring membership that contains `instant`, anchored at its start (a week, a
 * month or a year at a time; month by default). The one place periods are counted: the per-period booking limit
 * and a member's cancel at the end of the period paid both read it.
 */
export function billingPeriodContaining(
  startsAt: Date,
  interval: MembershipPlan["interval"],
  instant: Date,
): [Date, Date] {
  const step = (d: Date, n: number) => {
    const x = new Date(d);
    if (interval === "week") x.setUTCDate(x.getUTCDate() + 7 * n);
    else if (interval === "year") x.setUTCFullYear(x.getUTCFullYear() + n);
    else x.setUTCMonth(x.getUTCMonth() + n);
    return x;
  };
  let k = 0;
  while (step(startsAt, k + 1) <= instant) k++;
  return [step(startsAt, k), step(startsAt, k + 1)];
}

/** The end of a new period of a plan starting at `from` (M1): D days, or open-ended for recurring. */
export function periodEnd(plan: Pick<MembershipPlan, "durationDays">, from: Date): Date | null {
  return plan.durationDays ? addDays(from, plan.durationDays) : null;
}
