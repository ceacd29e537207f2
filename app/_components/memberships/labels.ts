import type {
  BillingInterval,
  LedgerReason,
  MembershipPlan,
  MembershipStatus,
  PaymentMethod,
  PaymentStatus,
  PlanKind,
} from "@/db/schema";
import { formatDate, plural } from "@/lib/core/format";
import { lastDayOf } from "@/lib/core/time";

export const KIND_LABELS: Record<PlanKind, string> = {
  recurring: "Recurring",
  fixed: "Fixed period",
  sessions: "Session pack",
};

export const KIND_HINTS: Record<PlanKind, string> = {
  recurring: "Billed every week, month or year until cancelled.",
  fixed: "One payment, unlimited use for a number of days.",
  sessions: "One payment, a number of sessions valid for a number of days.",
};

export const INTERVAL_LABELS: Record<BillingInterval, string> = { week: "weekly", month: "monthly", year: "yearly" };
const PERIOD_NAMES: Record<BillingInterval, string> = { week: "week", month: "month", year: "year" };

export const STATUS_LABELS: Record<MembershipStatus, string> = {
  active: "Active",
  past_due: "Payment overdue",
  suspended: "Suspended",
  cancelled: "Cancelled",
  expired: "Expired",
};

export const STATUS_VARIANTS: Record<MembershipStatus, "success" | "warning" | "danger" | "neutral"> = {
  active: "success",
  past_due: "danger",
  suspended: "warning",
  cancelled: "neutral",
  expired: "neutral",
};

export const LEDGER_REASON_LABELS: Record<LedgerReason, string> = {
  purchased: "Pack started",
  booked_by_member: "Booked by the member",
  booked_by_staff: "Booked by staff",
  cancelled_by_member: "Booking cancelled by the member",
  cancelled_by_staff: "Booking cancelled by staff",
  converted_guest_booking: "Guest booking attached",
  restore_refused_newer_pass: "Not returned: a newer pack was bought",
  late_cancel: "Late cancellation: not returned",
  forfeited_on_extension: "Unused sessions forfeited on extension",
  adjusted_by_staff: "Adjusted by staff",
  expired: "Pack expired",
};

/** The same reasons as the member reads them in the portal. */
export const MEMBER_LEDGER_LABELS: Record<LedgerReason, string> = {
  purchased: "Pack started",
  booked_by_member: "You booked a class",
  booked_by_staff: "The studio booked a class for you",
  cancelled_by_member: "You cancelled a booking",
  cancelled_by_staff: "The studio cancelled a booking",
  converted_guest_booking: "A guest booking was added to this pack",
  restore_refused_newer_pass: "Cancelled booking: not returned, as a newer pack was bought",
  late_cancel: "Late cancellation: session not returned",
  forfeited_on_extension: "Unused sessions lapsed when the pack was renewed",
  adjusted_by_staff: "Adjusted by the studio",
  expired: "Pack expired",
};

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: "Cash",
  bank: "Bank transfer",
  card_terminal: "Card terminal",
  stripe: "Card (Stripe)",
  paypal: "PayPal",
};

export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  due: "Due",
  paid: "Paid",
  failed: "Failed",
  void: "Void",
};

/** The choices staff have at the desk; "due" records a payment to be marked paid later (P0). */
export const DESK_PAYMENT_OPTIONS = [
  { value: "cash", label: "Cash" },
  { value: "bank", label: "Bank transfer" },
  { value: "card_terminal", label: "Card terminal" },
  { value: "due", label: "Payment due (pay later)" },
] as const;

/** "8 sessions · 60 days", "monthly, 8 bookings per month", "30 days". */
export function planDetails(
  p: Pick<MembershipPlan, "kind" | "interval" | "bookingLimitPerPeriod" | "durationDays" | "sessions">,
): string {
  if (p.kind === "recurring") {
    const interval = p.interval ?? "month";
    const limit = p.bookingLimitPerPeriod
      ? `${plural(p.bookingLimitPerPeriod, "booking")} per ${PERIOD_NAMES[interval]}`
      : "unlimited bookings";
    return `${INTERVAL_LABELS[interval]}, ${limit}`;
  }
  const days = p.durationDays ? plural(p.durationDays, "day") : "";
  if (p.kind === "sessions") return [p.sessions ? plural(p.sessions, "session") : "", days].filter(Boolean).join(" · ");
  return days;
}

/** "2 Mar 2026 – 31 Mar 2026", or "from 2 Mar 2026" while open-ended. The end day shown is the last day covered. */
export function formatPeriod(m: { startsAt: Date; endsAt: Date | null }, timeZone: string): string {
  const start = formatDate(m.startsAt, timeZone);
  return m.endsAt ? `${start} – ${formatDate(lastDayOf(m.endsAt), timeZone)}` : `from ${start}, until cancelled`;
}

/** Sessions left of a pack ("5 of 8"), or null for plans without a count. */
export function sessionsLeft(m: { sessionsRemaining: number | null; sessionsTotal: number | null }): string | null {
  if (m.sessionsRemaining === null) return null;
  return m.sessionsTotal !== null ? `${m.sessionsRemaining} of ${m.sessionsTotal}` : String(m.sessionsRemaining);
}

const SOURCE_WORDS: Record<string, string> = {
  staff: "given by staff",
  purchase: "bought online",
  embed: "joined on the studio's website",
  import: "imported",
  api: "created through the API",
};

function dateText(value: unknown, timeZone: string, exclusiveEnd = false): string | null {
  if (typeof value !== "string") return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  return formatDate(exclusiveEnd ? lastDayOf(d) : d, timeZone);
}

/** A membership's audited change as a sentence: what happened, and the details staff wrote or the system knows. */
export function describeEvent(
  action: string,
  data: Record<string, unknown> | null,
  timeZone: string,
): { title: string; detail: string | null } {
  const d = data ?? {};
  const reason = typeof d.reason === "string" && d.reason ? d.reason : null;
  switch (action) {
    case "membership.created":
      return {
        title: "Membership created",
        detail: typeof d.source === "string" ? (SOURCE_WORDS[d.source] ?? null) : null,
      };
    case "membership.cancelled":
      return { title: "Cancelled", detail: reason };
    case "membership.suspended": {
      const from = dateText(d.from, timeZone);
      const until = dateText(d.until, timeZone, true);
      return { title: from && until ? `Suspended ${from} – ${until}` : "Suspended", detail: reason };
    }
    case "membership.extended": {
      const to = dateText(d.endsAt, timeZone, true);
      return { title: to ? `Extended to ${to}` : "Extended", detail: reason };
    }
    case "membership.end_changed": {
      const from = dateText(d.from, timeZone, true) ?? "open-ended";
      const to = dateText(d.to, timeZone, true) ?? "open-ended";
      return { title: `End date changed from ${from} to ${to}`, detail: reason };
    }
    case "membership.expired": {
      const forfeited = typeof d.forfeitedSessions === "number" ? d.forfeitedSessions : 0;
      return { title: "Expired", detail: forfeited > 0 ? `${plural(forfeited, "unused session")} lapsed` : null };
    }
    default:
      return { title: action.replace(/^membership\./, "").replace(/_/g, " "), detail: reason };
  }
}

/** Who did it, for staff: a name where known, else the kind of actor. */
export function actorLabel(actor: { type: string; name: string | null }): string {
  if (actor.type === "system") return "Roster (automatic)";
  if (actor.type === "api") return actor.name ? `API key “${actor.name}”` : "API key";
  if (actor.type === "member") return actor.name ? `${actor.name} (member)` : "The member";
  return actor.name ?? "Staff";
}
