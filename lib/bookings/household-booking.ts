import { z } from "zod";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { DomainError } from "@/lib/core/errors";
import { requireInSomeSession } from "@/lib/core/permissions";
import { parseInput } from "@/lib/core/validation";
import { requireSignedForms } from "@/lib/forms/internal";
import { bookSession, loadSession, type BookingResult } from "./book-session";
import { canBook, type BookingPreview } from "./can-book";

/** H1: a member books a session for several people of its household at once (itself and its participants). */
export const HouseholdBookingInput = z.object({
  sessionId: z.uuid({ error: "Choose a session." }),
  clientIds: z
    .array(z.uuid({ error: "Choose who is coming." }))
    .min(1, { error: "Choose who is coming." })
    .max(20)
    .transform((ids) => [...new Set(ids)]),
});
export type HouseholdBookingInput = z.input<typeof HouseholdBookingInput>;

/** What one person's booking would be: what pays (canBook), or why they cannot be booked. */
export type PersonPreview =
  ({ ok: true; clientId: string } & BookingPreview) | { ok: false; clientId: string; code: string; message: string };

export type HouseholdPreview = {
  people: PersonPreview[];
  /** The drop-in prices of everyone who can be booked: what is due (at the studio, or by card when `payNow`). */
  totalDueCents: number;
  currency: string;
};

/**
 * O4, S4, H1: before a member confirms a booking for several people, what pays
 * for each: canBook per person, in the order bookHousehold books them, each
 * seeing the earlier ones (a pack's sessions they take, a limited membership's
 * bookings, the places they fill), so the preview is what the booking charges.
 * A person who has not signed a form the class requires (F1) is refused here as
 * bookSession would refuse them. Read-only; a refusal is that person's line,
 * not the whole answer's.
 */
export async function previewHouseholdBooking(
  ctx: Ctx,
  raw: HouseholdBookingInput,
  opts: { whenPlaceFrees?: boolean } = {},
): Promise<HouseholdPreview> {
  requireInSomeSession(ctx, "bookings.manage", { orMember: true });
  const input = parseInput(HouseholdBookingInput, raw);
  const before: BookingPreview[] = [];
  const people: PersonPreview[] = [];
  let classId: string | undefined; // the session's class, read once (after canBook has found the session)
  for (const clientId of input.clientIds) {
    try {
      const p = await canBook(ctx, { sessionId: input.sessionId, clientId }, { ...opts, before });
      // F1: a person who has not signed what the class requires cannot be booked (bookSession refuses it the same).
      classId ??= (await loadSession(ctx, input.sessionId)).cls.id;
      await requireSignedForms(ctx, clientId, { classId });
      before.push(p);
      people.push({ ok: true, ...p, clientId });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      people.push({ ok: false, clientId, code: e.code, message: e.message });
    }
  }
  const totalDueCents = before.reduce((sum, p) => sum + (p.priceCents ?? 0), 0);
  return { people, totalDueCents, currency: ctx.studio.currency };
}

/**
 * H1, S4: books each chosen person of the member's household into the session,
 * in order, in one transaction: everyone or, on the first refusal, no one. Each
 * booking is bookSession's (payer per S4, a drop-in's payment due).
 */
export async function bookHousehold(ctx: Ctx, raw: HouseholdBookingInput): Promise<BookingResult[]> {
  requireInSomeSession(ctx, "bookings.manage", { orMember: true });
  const input = parseInput(HouseholdBookingInput, raw);
  return inTransaction(ctx, async (tx) => {
    const out: BookingResult[] = [];
    for (const clientId of input.clientIds) out.push(await bookSession(tx, { sessionId: input.sessionId, clientId }));
    return out;
  });
}
