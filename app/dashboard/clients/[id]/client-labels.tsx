import { Badge, type BadgeProps } from "@/app/_ui";
import type { HistoryStatus } from "@/lib/crm/client-history";
import type { ClientStatus } from "@/lib/crm/client-stats";

const STATUS: Record<ClientStatus, { label: string; variant: BadgeProps["variant"]; hint: string }> = {
  new: { label: "New", variant: "neutral", hint: "Has not booked yet" },
  active: { label: "Active", variant: "brand", hint: "Booked in the last 90 days" },
  regular: { label: "Regular", variant: "success", hint: "5 or more bookings, the last within 90 days" },
  lapsed: { label: "Lapsed", variant: "warning", hint: "Last booking 90 or more days ago" },
};

/** R2: the client's status as a pill, with what it means for screen readers and on hover. */
export function ClientStatusBadge({ status }: { status: ClientStatus }) {
  const s = STATUS[status];
  return (
    <Badge variant={s.variant} title={s.hint} data-testid="client-status">
      {s.label}
      <span className="sr-only">: {s.hint}</span>
    </Badge>
  );
}

const BOOKING: Record<HistoryStatus, { label: string; variant: BadgeProps["variant"] }> = {
  booked: { label: "Booked", variant: "brand" },
  attended: { label: "Attended", variant: "success" },
  cancelled: { label: "Cancelled", variant: "neutral" },
  no_show: { label: "No-show", variant: "danger" },
};

/** B3: a booking's status in the history. */
export function BookingStatusBadge({ status }: { status: HistoryStatus }) {
  const s = BOOKING[status];
  return <Badge variant={s.variant}>{s.label}</Badge>;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["week", 7 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "3 months ago", "in 2 days": how long before or after `now` an instant is, in the largest whole unit. */
export function timeAgo(at: Date, now: Date): string {
  const diff = at.getTime() - now.getTime();
  const rtf = new Intl.RelativeTimeFormat("en-GB", { numeric: "auto" });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return rtf.format(Math.trunc(diff / ms), unit);
  }
  return "just now";
}
