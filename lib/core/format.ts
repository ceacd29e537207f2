import { dateTimeFormat } from "./intl";

/** Dates and times as a studio shows them: always in the studio's own time zone. */
export function formatDateTime(at: Date, timeZone: string, locale = "en-GB"): string {
  return dateTimeFormat(locale, { timeZone, dateStyle: "medium", timeStyle: "short" }).format(at);
}

/** "18:30": a time of day on the studio's 24-hour clock. */
export function formatTime(at: Date, timeZone: string): string {
  return dateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

export function formatDate(at: Date, timeZone: string, locale = "en-GB"): string {
  return dateTimeFormat(locale, { timeZone, dateStyle: "medium" }).format(at);
}

/** Money from integer minor units. */
export function formatMoney(cents: number, currency: string, locale = "en-GB"): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(cents / 100);
}

const englishPlurals = new Intl.PluralRules("en-GB");

/**
 * A count with its noun in the right form, chosen by `Intl.PluralRules`: "1 session", "0 sessions", "2 sessions".
 * `other` defaults to `one` + "s"; give it for irregular nouns ("person", "people").
 */
export function plural(n: number, one: string, other = `${one}s`): string {
  return `${n.toLocaleString("en-GB")} ${pluralNoun(n, one, other)}`;
}

/** The noun alone in the form for `n` ("session" for 1, "sessions" otherwise), when the count is shown apart. */
export function pluralNoun(n: number, one: string, other = `${one}s`): string {
  return englishPlurals.select(n) === "one" ? one : other;
}
