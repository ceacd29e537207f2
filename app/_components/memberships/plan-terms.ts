import type { MembershipPlan } from "@/db/schema";
import { formatMoney, plural } from "@/lib/core/format";

type PlanTerms = Pick<
  MembershipPlan,
  "kind" | "interval" | "bookingLimitPerPeriod" | "durationDays" | "sessions" | "priceCents" | "currency"
>;

const INTERVALS = { week: ["weekly", "week"], month: ["monthly", "month"], year: ["yearly", "year"] } as const;

/** What a member gets (M1): "8 sessions, valid 60 days", "monthly, unlimited", "30 days". */
export function whatYouGet(p: PlanTerms): string {
  if (p.kind === "recurring") {
    const [adjective, period] = INTERVALS[p.interval ?? "month"];
    return `${adjective}, ${p.bookingLimitPerPeriod ? `${plural(p.bookingLimitPerPeriod, "booking")} per ${period}` : "unlimited"}`;
  }
  const days = p.durationDays ? plural(p.durationDays, "day") : "";
  if (p.kind === "sessions") return `${plural(p.sessions ?? 0, "session")}${days ? `, valid ${days}` : ""}`;
  return days;
}

/** The price as a member reads it: "€120.00", "€99.00 a month", or "Free". */
export function priceText(p: PlanTerms): string {
  if (p.priceCents === 0) return "Free";
  const money = formatMoney(p.priceCents, p.currency);
  return p.kind === "recurring" ? `${money} a ${INTERVALS[p.interval ?? "month"][1]}` : money;
}
