/**
 * Wall-clock times and calendar days of a studio, and the instants they stand
 * for in its time zone (across daylight-saving changes). Staff and files speak
 * in local days and times; the domain works in instants.
 *  - A bare date (2026-03-01) means midnight in the studio's zone; a date and
 *    time without an offset is wall-clock time there too; a time with an offset
 *    (Z, +02:00) is that exact instant.
 */

import { dateTimeFormat } from "./intl";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function formatter(timeZone: string): Intl.DateTimeFormat {
  return dateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
}

/** How far the zone's wall clock is ahead of UTC at the instant `utcMs`, in milliseconds. */
function zoneOffset(utcMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(utcMs))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/** The instant at which the zone's clocks show this wall-clock time (a time skipped by DST moves forward). */
export function zonedTimeToUtc(wallMs: number, timeZone: string): Date {
  const first = wallMs - zoneOffset(wallMs, timeZone);
  const second = wallMs - zoneOffset(first, timeZone);
  if (first === second) return new Date(first);
  // Near a change of offset: a time shown twice (clocks back) is its first instant;
  // a time never shown (clocks forward) is read with the offset before the change, landing after it.
  const exact = [first, second].filter((c) => c + zoneOffset(c, timeZone) === wallMs);
  return new Date(exact.length ? Math.min(...exact) : Math.max(first, second));
}

/**
 * Parses an import date or date-time in the studio's zone. Returns null when
 * the text is not an ISO 8601 date, or names a day that does not exist.
 */
export function parseStudioInstant(text: string, timeZone: string): Date | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, "0")) : 0;
  if (year < 1900 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 31 April over to 1 May: refuse days that do not exist.
  if (new Date(wall).getUTCDate() !== day) return null;
  if (!offset) return zonedTimeToUtc(wall, timeZone);
  if (offset.toUpperCase() === "Z") return new Date(wall);
  const sign = offset.startsWith("-") ? -1 : 1;
  const digits = offset.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  if (minutes > 18 * 60) return null;
  return new Date(wall - sign * minutes * 60_000);
}

/** "2026-04-01" → the instant that day begins in the zone; null for text that is no real day. */
export function zonedDayStart(day: string, timeZone: string): Date | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = Date.UTC(y, mo - 1, d);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return zonedTimeToUtc(utc, timeZone);
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
  return dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/**
 * The last day an end instant still covers: an end is exclusive, so a pass
 * ending at midnight on 1 April is valid through 31 March.
 */
export function lastDayOf(endExclusive: Date): Date {
  return new Date(endExclusive.getTime() - 1);
}

/**
 * The instant `days` calendar days before `at` in the zone, at the same wall-clock time (B8: "7 days before a
 * 09:00 class" is 09:00 a week earlier there, even when the clocks changed in between; a skipped time moves forward).
 */
export function studioDaysBefore(at: Date, days: number, timeZone: string): Date {
  const wall = at.getTime() + zoneOffset(at.getTime(), timeZone);
  return zonedTimeToUtc(wall - days * 86_400_000, timeZone);
}
