import { dayInZone, zonedDayStart } from "@/lib/core/time";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

function utcDay(day: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}

function addDays(day: string, n: number): string {
  return new Date(utcDay(day).getTime() + n * DAY_MS).toISOString().slice(0, 10);
}

export type Week = {
  /** The Monday, "YYYY-MM-DD" in the studio's calendar. */
  monday: string;
  /** Monday to Sunday. */
  days: string[];
  /** When the Monday starts and the next Monday starts, in the studio's zone. */
  from: Date;
  to: Date;
  previous: string;
  next: string;
  isCurrent: boolean;
};

/**
 * The Monday-to-Sunday week of the studio's calendar that holds `requested`
 * (any day of it), or this week when `requested` is missing or no real day.
 */
export function studioWeek(requested: string | undefined, now: Date, timeZone: string): Week {
  const today = dayInZone(now, timeZone);
  const day = requested && DAY.test(requested) && zonedDayStart(requested, timeZone) ? requested : today;
  const monday = addDays(day, -((utcDay(day).getUTCDay() + 6) % 7));
  const thisMonday = addDays(today, -((utcDay(today).getUTCDay() + 6) % 7));
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  return {
    monday,
    days,
    from: zonedDayStart(monday, timeZone)!,
    to: zonedDayStart(addDays(monday, 7), timeZone)!,
    previous: addDays(monday, -7),
    next: addDays(monday, 7),
    isCurrent: monday === thisMonday,
  };
}

/** "Mon 3 Mar" for a studio calendar day. */
export function formatDayHeading(day: string): { weekday: string; date: string; long: string } {
  const d = utcDay(day);
  const f = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", ...o }).format(d);
  return { weekday: f({ weekday: "short" }), date: f({ day: "numeric", month: "short" }), long: f({ weekday: "long", day: "numeric", month: "long" }) };
}

/** A short label of the zone's offset at an instant, e.g. "GMT+1", to show beside times. */
export function zoneLabel(at: Date, timeZone: string): string {
  const part = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "short" }).formatToParts(at).find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}
