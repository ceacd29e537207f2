/**
 * Calendar days typed in forms (<input type="date">, "YYYY-MM-DD") and the
 * instants they stand for in the studio's time zone. Staff think in days; the
 * domain works in instants.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** "2026-04-01" → the instant that day begins in the zone; null for text that is no real day. */
export function zonedDayStart(day: string, timeZone: string): Date | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = Date.UTC(y, mo - 1, d);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  // Two rounds settle the offset also on the days the clocks change.
  let guess = utc;
  for (let i = 0; i < 2; i++) guess = utc - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

/** The day after a "YYYY-MM-DD" day, in the same form. */
export function nextDay(day: string): string | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const next = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1));
  return next.toISOString().slice(0, 10);
}

/** The calendar day of an instant in the zone, as an <input type="date"> value. */
export function dayInZone(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/**
 * The last day an end instant still covers: an end is exclusive, so a pass
 * ending at midnight on 1 April is valid through 31 March.
 */
export function lastDayOf(endExclusive: Date): Date {
  return new Date(endExclusive.getTime() - 1);
}
