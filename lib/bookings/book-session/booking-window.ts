import type { Class, ClassSession, MembershipPlan, Studio } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { RuleError } from "@/lib/core/errors";
import { dateTimeFormat } from "@/lib/core/intl";
import { studioDaysBefore } from "@/lib/core/time";
import { listPayingMemberships } from "@/lib/households/household-access";
import type { HeldMembership } from "@/lib/memberships/client-memberships";
import { effectiveStatus } from "@/lib/memberships/effective-status";
import { studioSettings } from "@/lib/studios/settings";

/** When members may book a session (B8): from `opensAt` (null: no limit) until before `closesAt`. */
export type BookingWindow = { opensAt: Date | null; closesAt: Date };

type WindowOverride = Pick<MembershipPlan, "bookingOpensDaysBefore" | "bookingClosesMinutesBefore">;

/**
 * S4, B2, B8: a held membership that could pay for this session: granting rights, active when the class takes place,
 * with member-only access where the class needs it (choosePayer's candidates, before any per-period limit).
 */
export function coversSession(
  h: HeldMembership,
  session: Pick<ClassSession, "startsAt">,
  cls: Pick<Class, "memberOnly">,
): boolean {
  return (
    h.grantsRights &&
    effectiveStatus(h.membership, session.startsAt) === "active" &&
    (!cls.memberOnly || h.plan.memberOnlyAccess)
  );
}

/**
 * B8: the booking window of a session for a client.
 *  - The studio's: opens `bookingOpensDaysBefore` studio days before the session, at the session's own wall-clock
 *    time in the studio's zone (so across a daylight-saving change "7 days before a 09:00 class" is still 09:00;
 *    null = no limit), and closes `bookingClosesMinutesBefore` minutes before it starts (0 = at the start).
 *  - A plan may only widen it: of the plans (`overrides`) of the memberships the client holds that could pay for
 *    this session (coversSession), the earliest opening and the latest closing win. A plan value that would narrow
 *    the studio's window is ignored; a plan without a value keeps the studio's.
 */
export function bookingWindow(
  studio: Studio,
  session: Pick<ClassSession, "startsAt">,
  overrides: WindowOverride[] = [],
): BookingWindow {
  const s = studioSettings(studio);
  let openDays = s.bookingOpensDaysBefore;
  let closeMinutes = s.bookingClosesMinutesBefore ?? 0;
  for (const p of overrides) {
    if (openDays !== null && p.bookingOpensDaysBefore !== null) openDays = Math.max(openDays, p.bookingOpensDaysBefore);
    if (p.bookingClosesMinutesBefore !== null) closeMinutes = Math.min(closeMinutes, p.bookingClosesMinutesBefore);
  }
  return {
    opensAt: openDays === null ? null : studioDaysBefore(session.startsAt, openDays, studio.timezone),
    closesAt: new Date(session.startsAt.getTime() - closeMinutes * 60_000),
  };
}

/** The window for a client from the memberships it holds (only those that could pay for the session count). */
export function bookingWindowFor(
  studio: Studio,
  session: Pick<ClassSession, "startsAt">,
  cls: Pick<Class, "memberOnly">,
  held: HeldMembership[],
): BookingWindow {
  return bookingWindow(
    studio,
    session,
    held.filter((h) => coversSession(h, session, cls)).map((h) => h.plan),
  );
}

/** Whether `now` is inside the window. */
export function isInsideWindow(w: BookingWindow, now: Date): boolean {
  return (w.opensAt === null || now >= w.opensAt) && now < w.closesAt;
}

/** "Tue 8 Dec, 09:00": when booking opens, in the studio's zone. */
export function formatOpening(at: Date, timeZone: string): string {
  return dateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
}

/**
 * B8: whether the window binds this booking. Members are bound (the portal, the embed, a guest's confirmed quick
 * booking) and so is an API key or staff booking recorded as the member's own (`by: "member"`); staff booking on a
 * client's behalf are not. The system is not either: it completes what was allowed when asked (a paid checkout,
 * checked by canBook when it opened) or what B4/B10 govern (a waitlist promotion).
 */
export function windowBinds(ctx: Ctx, by: "member" | "staff"): boolean {
  return by === "member" && ctx.actor.kind !== "system";
}

/** B8's refusal for `now` outside the window, or null inside it. */
export function windowRefusal(w: BookingWindow, now: Date, timeZone: string): RuleError | null {
  if (w.opensAt !== null && now < w.opensAt)
    return new RuleError("booking_not_open", `Booking opens ${formatOpening(w.opensAt, timeZone)}.`);
  if (now >= w.closesAt)
    return new RuleError(
      "booking_closed",
      `Booking for this class closed at ${formatOpening(w.closesAt, timeZone)}. Ask the studio if you still want to come.`,
    );
  return null;
}

/**
 * B8, a booking step: refuses a booking the window binds (windowBinds) outside it. The studio's window is checked
 * first, with no query; only outside it are the client's memberships read (or `held`, already read) for a plan that
 * widens it. Answers the memberships it read, for choosePayer to reuse.
 */
export async function refuseOutsideWindow(
  ctx: Ctx,
  p: { session: ClassSession; cls: Class; clientId: string | null; held?: HeldMembership[] },
): Promise<HeldMembership[] | undefined> {
  const tz = ctx.studio.timezone;
  if (!windowRefusal(bookingWindow(ctx.studio, p.session), ctx.now, tz)) return p.held;
  const held = p.held ?? (p.clientId ? await listPayingMemberships(ctx, p.clientId) : []);
  const refusal = windowRefusal(bookingWindowFor(ctx.studio, p.session, p.cls, held), ctx.now, tz);
  if (refusal) throw refusal;
  return held;
}
