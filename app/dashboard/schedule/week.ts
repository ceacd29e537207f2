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
  return {
    weekday: f({ weekday: "short" }),
    date: f({ day: "numeric", month: "short" }),
    long: f({ weekday: "long", day: "numeric", month: "long" }),
  };
}

/** A short label of the zone's offset at an instant, e.g. "GMT+1", to show beside times. */
export function zoneLabel(at: Date, timeZone: string): string {
  const part = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "short" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

/** Minutes since the studio's midnight of an instant's wall-clock time (0–1439). */
export function minutesOfDay(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .formatToParts(at)
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return Number(parts.hour) * 60 + Number(parts.minute);
}

/** One session placed on a day's time grid: minutes from midnight, and its lane among overlapping ones. */
export type Placed<T> = { item: T; start: number; end: number; lane: number; lanes: number };

/**
 * Places a day's sessions on a time grid (studio wall clock): each gets the first
 * lane free at its start; sessions that overlap share the width of their group.
 * A session running past midnight ends at the day's end.
 */
export function placeDay<T>(items: T[], startOf: (t: T) => number, minutesLong: (t: T) => number): Placed<T>[] {
  const sorted = [...items].sort((a, b) => startOf(a) - startOf(b));
  const placed: Placed<T>[] = [];
  let group: Placed<T>[] = [];
  let groupEnd = -1;
  const close = () => {
    const lanes = Math.max(1, ...group.map((p) => p.lane + 1));
    for (const p of group) p.lanes = lanes;
    group = [];
  };
  for (const item of sorted) {
    const start = startOf(item);
    const end = Math.min(24 * 60, start + Math.max(1, minutesLong(item)));
    if (start >= groupEnd) close();
    const busy = new Set(group.filter((p) => p.end > start).map((p) => p.lane));
    let lane = 0;
    while (busy.has(lane)) lane++;
    const p = { item, start, end, lane, lanes: 1 };
    group.push(p);
    placed.push(p);
    groupEnd = Math.max(groupEnd, end);
  }
  close();
  return placed;
}

/** The hours a week's grid shows: from the earliest start's hour to the latest end's, at least 08:00–20:00. */
export function gridHours(placed: { start: number; end: number }[]): { first: number; last: number } {
  const first = Math.min(8, ...placed.map((p) => Math.floor(p.start / 60)));
  const last = Math.max(20, ...placed.map((p) => Math.ceil(p.end / 60)));
  return { first, last: Math.min(24, last) };
}
