import type { MembershipPlan } from "@/db/schema";
/** @deprecated T2: use `can(ctx, "plans.manage")`. */
export { isOwner } from "../settings/owner-only";
import type { Ctx } from "@/lib/core/ctx";
import { dayInZone, lastDayOf } from "@/lib/core/time";
import type { MembershipActionTarget } from "./membership-actions";
import type { PlanFormValues } from "./plan-form";
import { formatMoney } from "@/lib/core/format";
import type { Membership, MembershipStatus } from "@/db/schema";

/** Minor units as typed in the price field: 12000 → "120.00". */
export function majorUnits(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** A saved plan as the edit form shows it. */
export function planFormValues(p: MembershipPlan): PlanFormValues {
  return {
    id: p.id,
    name: p.name,
    description: p.description ?? "",
    kind: p.kind,
    price: majorUnits(p.priceCents),
    currency: p.currency,
    interval: p.interval ?? "",
    bookingLimitPerPeriod: p.bookingLimitPerPeriod?.toString() ?? "",
    durationDays: p.durationDays?.toString() ?? "",
    sessions: p.sessions?.toString() ?? "",
    permissions: p.permissions.join(", "),
    memberOnlyAccess: p.memberOnlyAccess,
    public: p.public,
    bookingOpensDaysBefore: p.bookingOpensDaysBefore?.toString() ?? "",
    bookingClosesMinutesBefore: p.bookingClosesMinutesBefore?.toString() ?? "",
    newClientsOnly: p.newClientsOnly,
    // B9: "" = the studio's policy, "0" = forfeit, else the fee.
    lateCancelFee: feeText(p.lateCancelPolicy),
    noShowFee: feeText(p.noShowPolicy),
  };
}

function feeText(p: MembershipPlan["noShowPolicy"]): string {
  if (!p) return "";
  return p.kind === "fee" && p.feeCents ? majorUnits(p.feeCents) : "0";
}

/** What the in-place actions of one membership need, as plain data for the client. */
export function actionTarget(
  ctx: Ctx,
  m: Membership,
  plan: Pick<MembershipPlan, "name" | "kind" | "priceCents" | "currency">,
  holderName: string,
  status: MembershipStatus,
): MembershipActionTarget {
  const tz = ctx.studio.timezone;
  return {
    id: m.id,
    holderName,
    planName: plan.name,
    planKind: plan.kind,
    status,
    suspensionPending: Boolean(m.suspendedUntil && m.suspendedUntil > ctx.now),
    endDay: m.endsAt ? dayInZone(lastDayOf(m.endsAt), tz) : "",
    today: dayInZone(ctx.now, tz),
    sessionsRemaining: m.sessionsRemaining,
    // Only a membership held by a client records a sale when extended.
    price: plan.priceCents > 0 && m.clientId ? formatMoney(plan.priceCents, plan.currency) : null,
  };
}
