import {
  bookingPolicyText,
  canBook,
  cancelPreview,
  previewHouseholdBooking,
  type BookingPreview,
} from "@/lib/bookings";
import type { Ctx } from "@/lib/core/ctx";
import { DomainError } from "@/lib/core/errors";
import { formatMoney } from "@/lib/core/format";
import type { HouseholdCost } from "./household-session-actions";

/** Plural-aware "1 session" / "3 sessions". */
export function sessionsText(n: number): string {
  return `${n} ${new Intl.PluralRules("en-GB").select(n) === "one" ? "session" : "sessions"}`;
}

/** What the member is told before confirming (O4): what pays, or why they cannot book. */
export type BookingCost = { ok: true; text: string } | { ok: false; code: string; text: string };

/**
 * O4: "what will this booking cost?", from canBook (read-only: the same steps
 * as the booking, nothing written). `waitlist`: what a promotion from the
 * waitlist would cost once a place frees up (B4: never paid by card then, so
 * a drop-in is due at the studio).
 */
export async function bookingCost(member: Ctx, sessionId: string, waitlist: boolean): Promise<BookingCost> {
  let p: Awaited<ReturnType<typeof canBook>>;
  try {
    p = await canBook(member, { sessionId }, { whenPlaceFrees: waitlist });
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, code: e.code, text: e.message };
    throw e;
  }
  const cost = costText(p, waitlist);
  // B9: the late-cancel and no-show fees of what would pay, said before booking.
  const policy = await bookingPolicyText(member, p.membershipId);
  return policy ? { ok: true, text: `${cost.text} ${policy}` } : cost;
}

/** O4: what pays for one booking, from its preview (canBook: the plan and the sessions left after, or the drop-in). */
function costText(p: BookingPreview, waitlist: boolean): BookingCost {
  const when = waitlist ? "If a place frees up and you are booked, " : "";
  if (p.membershipId) {
    const name = p.planName ?? "your household's membership";
    if (p.sessionTaken && p.sessionsLeft !== null)
      return {
        ok: true,
        text: `${when}${when ? "your" : "Your"} ${name} pays: one session, leaving ${sessionsText(p.sessionsLeft)}.`,
      };
    return { ok: true, text: `${when}${when ? "your" : "Your"} ${name} pays; nothing more is due.` };
  }
  const price = formatMoney(p.priceCents ?? 0, p.currency);
  if (!p.priceCents) return { ok: true, text: `${when}${when ? "it is" : "It is"} a free drop-in.` };
  if (p.payNow) return { ok: true, text: `Drop-in: ${price}, paid by card before you are booked.` };
  return {
    ok: true,
    text: `${when}${when ? "it is a" : "A"} drop-in: ${price}, due at the studio when you arrive.`,
  };
}

/**
 * O4, H1: before a member books several people of its household, what pays for
 * each (previewHouseholdBooking: the same payer choice as the booking, each
 * person after the ones before) and the total due.
 */
export async function householdCost(
  member: Ctx,
  sessionId: string,
  chosen: { id: string; name: string; isMe: boolean }[],
): Promise<HouseholdCost> {
  const preview = await previewHouseholdBooking(member, { sessionId, clientIds: chosen.map((p) => p.id) });
  const people = preview.people.map((p) => {
    const who = chosen.find((c) => c.id === p.clientId);
    return {
      clientId: p.clientId,
      name: who?.name ?? "",
      isMe: who?.isMe ?? false,
      ok: p.ok,
      text: p.ok ? costText(p, false).text : `cannot be booked: ${p.message}`,
    };
  });
  const total = !preview.totalDueCents
    ? "Nothing more is due."
    : preview.people.some((p) => p.ok && p.priceCents && p.payNow)
      ? `Total due: ${formatMoney(preview.totalDueCents, preview.currency)}.`
      : `Total due at the studio: ${formatMoney(preview.totalDueCents, preview.currency)}.`;
  return { people, total };
}

/** O4, B7, S6: what cancelling would do, said before the member confirms; null when it cannot be cancelled. */
export async function cancelConsequence(
  member: Ctx,
  bookingId: string,
  planName: string | null,
): Promise<string | null> {
  try {
    const c = await cancelPreview(member, bookingId);
    // B9: inside the window under a fee policy, the fee is what a cancel costs (the session goes back).
    if (c.lateFeeCents) {
      const fee = formatMoney(c.lateFeeCents, member.studio.currency);
      const back = c.sessionTaken && c.sessionReturned ? ` The session goes back to your ${planName ?? "pack"}.` : "";
      return `It is less than ${c.lateCancelHours} ${c.lateCancelHours === 1 ? "hour" : "hours"} before the class (the studio's late-cancel window): cancelling now costs a late-cancel fee of ${fee}.${back}`;
    }
    if (c.sessionTaken && c.sessionReturned) return `The session goes back to your ${planName ?? "pack"}.`;
    if (c.keptBecause === "late_cancel")
      return `It is less than ${c.lateCancelHours} ${c.lateCancelHours === 1 ? "hour" : "hours"} before the class (the studio's late-cancel window): the session is not returned to your pack.`;
    if (c.keptBecause === "newer_pack")
      return "You have bought a newer pack of this plan since: by the studio's rule, the session of the older pack is not returned.";
    if (c.dropIn) return "This was a drop-in: nothing goes back to a pack. Ask the studio about anything you paid.";
    return `Your ${planName ?? "membership"} paid for it without using a session, so nothing changes there.`;
  } catch (e) {
    if (e instanceof DomainError) return null;
    throw e;
  }
}
