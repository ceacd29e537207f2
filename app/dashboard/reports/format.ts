/** Labels of the Reports page (plain functions, no server-only imports). */

const MONTH_SHORT = new Intl.DateTimeFormat("en-GB", { month: "short", timeZone: "UTC" });
const MONTH_LONG = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const DAY_SHORT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

function utc(day: string): Date {
  return new Date(`${day.length === 7 ? `${day}-01` : day}T00:00:00Z`);
}

/** "2026-10" → "Oct" (with the year's last two digits when the chart spans years). */
export function monthShort(month: string, withYear: boolean): string {
  return withYear ? `${MONTH_SHORT.format(utc(month))} ${month.slice(2, 4)}` : MONTH_SHORT.format(utc(month));
}

export function monthLong(month: string): string {
  return MONTH_LONG.format(utc(month));
}

/** A studio day "2026-10-01" as "1 Oct 2026" (the day itself, no zone shift). */
export function dayLabel(day: string): string {
  const d = utc(day);
  return Number.isNaN(d.getTime()) ? day : DAY.format(d);
}

export function dayShort(day: string): string {
  return DAY_SHORT.format(utc(day));
}

export function periodLabel(from: string, to: string): string {
  return from === to ? dayLabel(from) : `${dayLabel(from)} – ${dayLabel(to)}`;
}

const PERCENT = new Intl.NumberFormat("en-GB", { style: "percent", maximumFractionDigits: 1 });

export function percent(share: number | null): string {
  return share === null ? "–" : PERCENT.format(share);
}

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** Background and text classes for a share (heat map and cohorts), readable at every step. */
export function heat(share: number | null): string {
  if (share === null) return "bg-surface text-muted-foreground";
  if (share < 0.25) return "bg-brand-50 text-foreground";
  if (share < 0.5) return "bg-brand-100 text-foreground";
  if (share < 0.75) return "bg-brand-300 text-foreground";
  return "bg-brand-800 text-white";
}
