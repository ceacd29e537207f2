"use server";

import { systemContext } from "@/lib/auth";
import { confirmGuestBooking } from "@/lib/bookings/guest-booking";
import { confirmParticipant } from "@/lib/households";
import { findConfirmation } from "@/lib/identity/confirmations";
import { RuleError } from "@/lib/core/errors";
import { formAction, text, type FormState } from "@/app/_lib/form";
import { portalStudio } from "../portal";

/**
 * A5: the person at an email confirms what was asked on their behalf — a
 * guest booking, or joining a household — by posting the mailed link's token
 * (the token is the credential; a GET of the page never confirms).
 */
export async function confirmByEmailAction(_: FormState, form: FormData): Promise<FormState> {
  const studio = await portalStudio(text(form, "studio"));
  const ctx = await systemContext(studio, "email confirmation");
  return formAction(null, async () => {
    const token = text(form, "token");
    const held = await findConfirmation(ctx, token);
    if (!held) throw new RuleError("link_invalid", "This link has expired or was already used.");
    if (held.purpose === "guest_booking") {
      await confirmGuestBooking(ctx, token);
      // No revalidatePath: portal pages read per request, and revalidating would re-render this page
      // with its token used, hiding the answer.
      return { ok: true, message: "Booked — see you there. Pay at the studio when you arrive." };
    }
    const { primaryName } = await confirmParticipant(ctx, token);
    return { ok: true, message: `Done: you are in ${primaryName}'s household at ${studio.name}.` };
  });
}
