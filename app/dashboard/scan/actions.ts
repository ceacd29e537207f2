"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { text } from "@/app/_lib/form";
import { staffAction } from "@/app/_lib/staff-action";
import { requireStaffContext } from "@/lib/auth";
import { getCard } from "@/lib/cards";
import { checkIn, CheckInFields } from "@/lib/checkins";
import { DomainError, NotFoundError } from "@/lib/core/errors";
import { formatMoney, formatTime } from "@/lib/core/format";

/** What a card look-up hands back to the Scan page when it finds no one (a found card opens the person's desk view). */
export type ScanState = {
  ok: boolean;
  /** No card with this token in this studio (unknown, replaced, malformed or another studio's). */
  notFound?: boolean;
  formError?: string;
  fieldErrors?: { token?: string[] };
  /** What was typed, kept after a refusal. */
  token?: string;
};

/**
 * W1, O2: staff look a card up by the token a camera read or a person typed; the verb re-checks the studio.
 * Found: the page shows that person's check-in view.
 */
export async function lookUpCardAction(_: ScanState, form: FormData): Promise<ScanState> {
  const ctx = await requireStaffContext();
  const token = text(form, "token");
  if (!token) return { ok: false, fieldErrors: { token: ["Scan a card, or type the card token."] } };
  let clientId: string;
  try {
    clientId = (await getCard(ctx, token)).client.id;
  } catch (e) {
    if (e instanceof NotFoundError) return { ok: false, notFound: true, token };
    if (e instanceof DomainError) return { ok: false, formError: e.message, token };
    throw e;
  }
  redirect(`/dashboard/scan?client=${clientId}&via=card`);
}

/**
 * O2: one tap at the desk: marks the person's booking present, or books a walk-in (bookSession: paid per S4, or a
 * drop-in due) and checks them in. The message says what happened and what pays.
 */
export const checkInAction = staffAction(CheckInFields, async (ctx, input) => {
  const r = await checkIn(ctx, input);
  revalidatePath("/dashboard/scan");
  const tz = ctx.studio.timezone;
  let paid = "";
  if (r.booked) {
    const m = r.memberships.find((x) => x.id === r.booking.membershipId);
    if (m)
      paid = r.booking.sessionTaken
        ? ` Booked with ${m.plan.name}: ${m.sessionsRemaining === 1 ? "1 session" : `${m.sessionsRemaining ?? 0} sessions`} left.`
        : ` Booked with ${m.plan.name}.`;
    else if (r.booking.membershipId) paid = " Booked with a household membership.";
    else {
      const due = r.dropInDueCents;
      paid =
        due && due > 0
          ? ` Booked as a drop-in: ${formatMoney(due, ctx.studio.currency)} due at the desk.`
          : " Booked as a free drop-in.";
    }
  }
  const when = `${r.session.title} at ${formatTime(r.session.startsAt, tz)}`;
  return { ok: true, message: `${r.client.name} is checked in to ${when}.${paid}` };
});
