"use server";

import { requireMailLinkOrigin } from "@/app/_lib/link-origin";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formAction, optional, text, type FormState } from "@/app/_lib/form";
import { headers } from "next/headers";
import { clientIp, sessionUserId, systemContext } from "@/lib/auth";
import { hitRateLimit, LIMITS } from "@/lib/security";
import { bookSession } from "@/lib/bookings/book-session";
import { bookHousehold } from "@/lib/bookings";
import { requestGuestBooking } from "@/lib/bookings/guest-booking";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { claimWaitlistPlace, joinWaitlist, leaveWaitlist } from "@/lib/bookings/waitlist";
import { NotFoundError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/validation";
import { portalMember, portalStudio } from "./portal";

function sessionsLeftText(n: number): string {
  return `${n} ${n === 1 ? "session" : "sessions"} left on your pack`;
}

/**
 * The signed-in member of the form's studio, or a redirect: to sign-in (and
 * back to `next`) when nobody is signed in, to the portal home (which offers to
 * join) when signed in but not a client here. Every action below starts here.
 */
async function requireMember(form: FormData) {
  const slug = text(form, "studio");
  const studio = await portalStudio(slug);
  const member = await portalMember(slug);
  if (member) return { member, slug: studio.slug };
  const next = text(form, "next");
  const back = next.startsWith(`/s/${studio.slug}/`) ? next : `/s/${studio.slug}/schedule`;
  if (await sessionUserId()) redirect(`/s/${studio.slug}`);
  redirect(`/s/${studio.slug}/signin?next=${encodeURIComponent(back)}`);
}

function revalidatePortal(slug: string, sessionId?: string) {
  revalidatePath(`/s/${slug}/schedule`);
  revalidatePath(`/s/${slug}/bookings`);
  revalidatePath(`/s/${slug}`);
  if (sessionId) revalidatePath(`/s/${slug}/sessions/${sessionId}`);
}

/**
 * Books the signed-in member, or (H1) a participant of its household chosen
 * under "Who is coming?", into a session (S1, S4, B1, B2); refusals come back
 * as the rule's message.
 */
export async function bookAction(_: FormState, form: FormData): Promise<FormState> {
  const { member, slug } = await requireMember(form);
  return formAction(null, async () => {
    const sessionId = text(form, "sessionId");
    const clientId = optional(form, "clientId");
    const result = await bookSession(member, { sessionId, clientId });
    revalidatePortal(slug, sessionId);
    const message =
      result.sessionsRemaining !== null
        ? `Booked — ${sessionsLeftText(result.sessionsRemaining)}.`
        : "Booked — see you there.";
    return { ok: true, message };
  });
}

/**
 * H1, O4: books the people of the member's household chosen under "Who is
 * coming?" (itself and participants), after the page said what pays for each:
 * all of them, or on a refusal no one (S4, B1, B2).
 */
export async function bookHouseholdAction(_: FormState, form: FormData): Promise<FormState> {
  const { member, slug } = await requireMember(form);
  return formAction(null, async () => {
    const sessionId = text(form, "sessionId");
    const clientIds = form.getAll("clientId").filter((v): v is string => typeof v === "string");
    const booked = await bookHousehold(member, { sessionId, clientIds });
    revalidatePortal(slug, sessionId);
    return {
      ok: true,
      message: booked.length === 1 ? "Booked — see you there." : `Booked ${booked.length} places — see you there.`,
    };
  });
}

/** Cancels one of the member's own bookings and says what came back to the pack (S1, S6, B7). */
export async function cancelBookingAction(_: FormState, form: FormData): Promise<FormState> {
  const { member, slug } = await requireMember(form);
  return formAction(null, async () => {
    const result = await cancelBooking(member, text(form, "bookingId"));
    revalidatePortal(slug, result.booking.sessionId);
    let message = "Booking cancelled.";
    if (result.sessionsRemaining !== null) {
      message = result.sessionReturned
        ? `Booking cancelled — ${sessionsLeftText(result.sessionsRemaining)}.`
        : `Booking cancelled. The session was not returned to your pack (${sessionsLeftText(result.sessionsRemaining)}).`;
    }
    return { ok: true, message };
  });
}

/** Joins a full session's waitlist (B4). */
export async function joinWaitlistAction(_: FormState, form: FormData): Promise<FormState> {
  const { member, slug } = await requireMember(form);
  return formAction(null, async () => {
    const sessionId = text(form, "sessionId");
    await joinWaitlist(member, { sessionId });
    revalidatePortal(slug, sessionId);
    return {
      ok: true,
      message: "You are on the waitlist. If a place frees up you are booked automatically and we email you.",
    };
  });
}

/**
 * B10: claims a place freed after the waitlist cutoff (offered by mail to everyone waiting): the first to claim gets
 * it, as a normal booking; a later claimer is told it is taken and stays on the waitlist.
 */
export async function claimWaitlistPlaceAction(_: FormState, form: FormData): Promise<FormState> {
  const { member, slug } = await requireMember(form);
  return formAction(null, async () => {
    const entryId = text(form, "entryId");
    if (!isUuid(entryId)) throw new NotFoundError("Waitlist place");
    const result = await claimWaitlistPlace(member, entryId);
    revalidatePortal(slug, result.booking.sessionId);
    const message =
      result.sessionsRemaining !== null
        ? `The place is yours — ${sessionsLeftText(result.sessionsRemaining)}.`
        : "The place is yours — see you there.";
    return { ok: true, message };
  });
}

/** Leaves the member's own place on a waitlist (B4). */
export async function leaveWaitlistAction(_: FormState, form: FormData): Promise<FormState> {
  const { member, slug } = await requireMember(form);
  return formAction(null, async () => {
    const entryId = text(form, "entryId");
    if (!isUuid(entryId)) throw new NotFoundError("Waitlist place");
    await leaveWaitlist(member, entryId);
    revalidatePortal(slug, text(form, "sessionId") || undefined);
    return { ok: true, message: "You left the waitlist." };
  });
}

/**
 * A visitor books a drop-in with name and email, without an account (A5):
 * nothing is booked until the person at that email confirms by the mailed
 * link (confirm/actions.ts), and the answer is the same for every address.
 * Throttled per address; never spends anyone's membership.
 */
export async function guestBookAction(_: FormState, form: FormData): Promise<FormState> {
  const studio = await portalStudio(text(form, "studio"));
  const ctx = await systemContext(studio, "portal guest booking");
  return formAction(form, async () => {
    await hitRateLimit(ctx.db, `guestbook:ip:${clientIp(await headers())}`, LIMITS.guestBookingPerIp);
    const email = text(form, "email");
    await requestGuestBooking(
      ctx,
      { sessionId: text(form, "sessionId"), email, name: text(form, "name") },
      { origin: await requireMailLinkOrigin() },
    );
    return {
      ok: true,
      message: `Check your email to confirm: we sent a link to ${email}. Nothing is booked until you confirm; pay at the studio when you arrive.`,
    };
  });
}
