import type { RetentionFlow } from "@/db/schema";

/** How long after its trigger a welcome or growing mail may still go out (a flow switched on mails only recent ones). */
export const RECENT_DAYS = 7;
/** Win-back: days without a booking after which a client counts as lapsed (R2 "lapsed"). */
export const LAPSED_DAYS = 90;
/** Win-back mails a lapse only within this many days of its 90th day, so switching it on never mails old lapses. */
export const WINBACK_WINDOW_DAYS = 30;
/** The booking that makes a client "growing" (R2: 3 to 5 bookings). */
export const GROWING_AT = 3;

export type FlowInfo = {
  flow: RetentionFlow;
  title: string;
  /** Who gets it, in the owner's words. */
  trigger: string;
  subject: string;
  body: string;
};

/** The three ready flows and their default templates ({firstName}, {name}, {studioName} are filled per client). */
export const FLOWS: readonly FlowInfo[] = [
  {
    flow: "welcome",
    title: "Welcome after the first booking",
    trigger: `A client who made their first booking in the last ${RECENT_DAYS} days. Once per client.`,
    subject: "Welcome to {studioName}, {firstName}",
    body: "Hi {firstName},\n\nThank you for booking your first class with us. We look forward to seeing you!\n\nIf you have any questions, just reply to this email.",
  },
  {
    flow: "growing",
    title: "Nudge at the 3rd booking",
    trigger: `A client who reached ${GROWING_AT} to 5 bookings and booked in the last ${RECENT_DAYS} days. Once per client.`,
    subject: "Three classes in, {firstName}!",
    body: "Hi {firstName},\n\nYou have booked three classes with {studioName}: that is a habit in the making. Have a look at our memberships to keep it going for less.\n\nSee you soon!",
  },
  {
    flow: "winback",
    title: `Win-back after ${LAPSED_DAYS} days away`,
    trigger: `A client who booked before but not in the last ${LAPSED_DAYS} days (up to ${WINBACK_WINDOW_DAYS} days later). Once per lapse: a client who returns and lapses again gets it again.`,
    subject: "We miss you, {firstName}",
    body: "Hi {firstName},\n\nIt has been a while since your last class at {studioName}. We would love to see you again: have a look at the schedule and book a class that suits you.",
  },
];

export function flowInfo(flow: RetentionFlow): FlowInfo {
  return FLOWS.find((f) => f.flow === flow)!;
}

/** A template's text with `{firstName}`, `{name}` and `{studioName}` filled in; other braces are left as typed. */
export function fillPlaceholders(text: string, values: { name: string; studioName: string }): string {
  const firstName = values.name.trim().split(/\s+/)[0] || values.name;
  const map: Record<string, string> = { firstName, name: values.name, studioName: values.studioName };
  return text.replace(/\{(firstName|name|studioName)\}/g, (_, k: string) => map[k]!);
}
