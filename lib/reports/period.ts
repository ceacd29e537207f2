import { z } from "zod";
import type { Ctx } from "@/lib/core/ctx";
import { InvalidInputError } from "@/lib/core/errors";
import { dayInZone, nextDay, zonedDayStart } from "@/lib/core/time";
import { parseInput } from "@/lib/core/validation";

const Day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Use a date like 2026-11-01." });

/** R9: a period of the studio's calendar, both days included. Left out: this month so far. */
export const ReportPeriodInput = z.object({ from: Day.optional(), to: Day.optional() });
export type ReportPeriodInput = z.input<typeof ReportPeriodInput>;

/** The longest period a report covers (a custom pick beyond it is refused, not truncated). */
export const MAX_PERIOD_DAYS = 731;

export type ReportPeriod = {
  /** First and last day, in the studio's zone ("YYYY-MM-DD"). */
  from: string;
  to: string;
  /** The instant `from` begins, and the instant after `to` ends, in the studio's zone (DST-safe). */
  start: Date;
  end: Date;
  /** The instant "now-ish" figures are taken at: the end of the period, or now if that is earlier. */
  asOf: Date;
  timeZone: string;
};

export const PERIOD_PRESETS = ["this-month", "last-month", "last-12-months"] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

function addMonths(day: string, months: number): string {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  const d = new Date(Date.UTC(y, m - 1 + months, 1));
  return d.toISOString().slice(0, 10);
}

function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The days of a preset, in the studio's zone, at `now`. Last 12 months: the current month and the 11 before it. */
export function presetDays(preset: PeriodPreset, now: Date, timeZone: string): { from: string; to: string } {
  const today = dayInZone(now, timeZone);
  const thisMonth = monthStart(today);
  switch (preset) {
    case "this-month":
      return { from: thisMonth, to: dayBefore(addMonths(thisMonth, 1)) };
    case "last-month":
      return { from: addMonths(thisMonth, -1), to: dayBefore(thisMonth) };
    case "last-12-months":
      return { from: addMonths(thisMonth, -11), to: dayBefore(addMonths(thisMonth, 1)) };
  }
}

/** Which preset a period is, if any (the picker shows it as chosen). */
export function presetOf(period: Pick<ReportPeriod, "from" | "to">, now: Date, timeZone: string): PeriodPreset | null {
  return (
    PERIOD_PRESETS.find((p) => {
      const d = presetDays(p, now, timeZone);
      return d.from === period.from && d.to === period.to;
    }) ?? null
  );
}

/** R9: reads and checks a period (the studio's days → instants). Bad dates are a clear InvalidInputError. */
export function resolvePeriod(ctx: Pick<Ctx, "now" | "studio">, raw: ReportPeriodInput = {}): ReportPeriod {
  const input = parseInput(ReportPeriodInput, raw);
  const timeZone = ctx.studio.timezone;
  const preset = presetDays("this-month", ctx.now, timeZone);
  const from = input.from ?? (input.to ? monthStart(input.to) : preset.from);
  const to = input.to ?? (input.from ? dayBefore(addMonths(monthStart(input.from), 1)) : preset.to);
  const start = zonedDayStart(from, timeZone);
  const afterTo = nextDay(to);
  const end = afterTo ? zonedDayStart(afterTo, timeZone) : null;
  if (!start) throw new InvalidInputError("That is not a real date.", { from: ["That is not a real date."] });
  if (!end) throw new InvalidInputError("That is not a real date.", { to: ["That is not a real date."] });
  if (end <= start)
    throw new InvalidInputError("The period ends before it starts.", { to: ["Pick a day on or after the first day."] });
  if (end.getTime() - start.getTime() > MAX_PERIOD_DAYS * 86_400_000) {
    throw new InvalidInputError("The period is too long.", { to: [`Pick at most ${MAX_PERIOD_DAYS} days.`] });
  }
  const asOf = new Date(Math.min(end.getTime(), ctx.now.getTime()));
  return { from, to, start, end, asOf, timeZone };
}
