import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { classes, classSessions } from "@/db/schema";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requireStudioActor } from "@/lib/core/permissions";
import { NotFoundError, RuleError } from "@/lib/core/errors";
import { formatDateTime } from "@/lib/core/format";
import { Email, isUuid, normalizeEmail, parseInput, PersonName } from "@/lib/core/validation";
import { confirmLink, holdForConfirmation, useConfirmation } from "@/lib/identity/confirmations";
import { classNeedsForm } from "@/lib/forms/internal";
import { enqueueTemplateMail } from "@/lib/jobs";
import { bookSession, type BookingResult } from "./book-session";
import { bookingWindow, windowRefusal } from "./book-session/booking-window";

export const GuestBookingInput = z.object({
  sessionId: z.uuid({ error: "Choose a session." }),
  email: Email,
  name: PersonName,
});
export type GuestBookingInput = z.input<typeof GuestBookingInput>;

const GuestBookingData = z.object({ sessionId: z.uuid(), name: z.string() });

async function bookableSession(ctx: Ctx, sessionId: string) {
  if (!isUuid(sessionId)) throw new NotFoundError("Session");
  const [row] = await ctx.db
    .select({ session: classSessions, cls: classes })
    .from(classSessions)
    .innerJoin(classes, and(eq(classes.studioId, classSessions.studioId), eq(classes.id, classSessions.classId)))
    .where(and(eq(classSessions.studioId, ctx.studio.id), eq(classSessions.id, sessionId)));
  if (!row) throw new NotFoundError("Session");
  if (row.session.cancelledAt) throw new RuleError("session_cancelled", "This session was cancelled by the studio.");
  if (row.session.startsAt <= ctx.now) throw new RuleError("session_started", "This session has already started.");
  // B8: a quick booking is a member's own, bound by the studio's window (no plan of the visitor's counts).
  const outside = windowRefusal(bookingWindow(ctx.studio, row.session), ctx.now, ctx.studio.timezone);
  if (outside) throw outside;
  if (row.cls.memberOnly || row.cls.dropInPriceCents === null) {
    throw new RuleError("membership_required", "This class is booked with a membership. Sign in to book it.");
  }
  // F1: a guest has no login to sign with; a class that needs a form is booked signed in (the same for everyone).
  if (await classNeedsForm(ctx, row.cls.id)) {
    throw new RuleError("form_required", "This class needs a signed form first. Sign in or join to sign it and book.");
  }
  return row;
}

/**
 * F1: whether a guest's quick booking of this class is refused for a form to sign (`form_required` in
 * requestGuestBooking), so the portal offers sign-in or sign-up instead of the guest form. Public: it says only what
 * the refusal would say, the same for every visitor.
 */
export async function guestBookingNeedsForm(ctx: Ctx, classId: string): Promise<boolean> {
  requireStudioActor(ctx);
  if (!isUuid(classId)) throw new NotFoundError("Class");
  return classNeedsForm(ctx, classId);
}

/**
 * A5: a visitor's quick booking by name and email. Nothing proves the visitor
 * owns that email, so nothing is booked yet, and nothing is looked up by the
 * email: the booking is held (email_confirmations) and a link is mailed to the
 * address. The answer is the same for every address — "check your email to
 * confirm" — and only the person who reads the mail books, on the record of
 * that email (confirmGuestBooking). Refusals that depend only on the session
 * (not found, started, outside the window (B8), member-only) come first, the same for everyone.
 */
export async function requestGuestBooking(ctx: Ctx, raw: GuestBookingInput, opts: { origin: string }): Promise<void> {
  requireStudioActor(ctx);
  const input = parseInput(GuestBookingInput, raw);
  const { session, cls } = await bookableSession(ctx, input.sessionId);
  await inTransaction(ctx, async (tx) => {
    const held = await holdForConfirmation(tx, {
      purpose: "guest_booking",
      email: input.email,
      data: { sessionId: session.id, name: input.name },
      expiresAt: session.startsAt,
    });
    const when = formatDateTime(session.startsAt, ctx.studio.timezone);
    await enqueueTemplateMail(
      tx,
      "guest_booking_confirm",
      { name: input.name, title: cls.title, when, link: confirmLink(opts.origin, ctx.studio.slug, held.token) },
      // A5: the link books without a password, so Sent mail does not keep it.
      { to: normalizeEmail(input.email), key: `guest-booking:${held.id}`, secret: ["link"] },
    );
  });
}

/**
 * A5: the person at the email followed the link: they are the client with
 * that email (C1 finds or makes it), and book for themselves — recorded as
 * booked by the member, with no login (not by staff) — as a drop-in paid at
 * the studio, never spending a membership (bookSession's guest rule). One
 * transaction: a refused booking (full, started) leaves the link unused.
 */
export async function confirmGuestBooking(ctx: Ctx, token: string): Promise<BookingResult> {
  requireStudioActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const held = await useConfirmation(tx, token, "guest_booking");
    const data = GuestBookingData.parse(JSON.parse(held.data));
    const { client } = await findOrCreateClient(tx, { email: held.email, name: data.name, source: "booking" });
    const asGuest: Ctx = { ...tx, actor: { kind: "member", userId: null, clientId: client.id } };
    return bookSession(asGuest, { sessionId: data.sessionId }, { guest: true });
  });
}
