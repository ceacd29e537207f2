import { formatTime } from "@/lib/core/format";
import { dayInZone } from "@/lib/core/time";

/** "Monday 4 May" in the studio's zone. */
export function formatDayHeading(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "long", day: "numeric", month: "long" }).format(at);
}

/** "Monday 4 May 2026, 18:30–19:30" in the studio's zone. */
export function formatSessionWhen(s: { startsAt: Date; endsAt: Date }, timeZone: string): string {
  const day = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(s.startsAt);
  return `${day}, ${formatTime(s.startsAt, timeZone)}–${formatTime(s.endsAt, timeZone)}`;
}

/** Items grouped by their calendar day in the zone, days in order of first appearance. */
export function groupByDay<T extends { startsAt: Date }>(
  items: T[],
  timeZone: string,
): { day: string; first: Date; items: T[] }[] {
  const groups: { day: string; first: Date; items: T[] }[] = [];
  for (const item of items) {
    const day = dayInZone(item.startsAt, timeZone);
    const last = groups.at(-1);
    if (last && last.day === day) last.items.push(item);
    else groups.push({ day, first: item.startsAt, items: [item] });
  }
  return groups;
}

/** "3 places left", "1 place left". */
export function placesLeft(n: number): string {
  return `${n} ${n === 1 ? "place" : "places"} left`;
}
