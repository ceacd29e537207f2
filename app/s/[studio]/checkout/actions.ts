"use server";

import { redirect } from "next/navigation";
import { formAction, optional, text, type FormState } from "@/app/_lib/form";
import { checkoutNeeded, startCheckout } from "@/lib/stripe";
import { bookAction } from "../booking-actions";
import { portalMember } from "../portal";
import { stripeReturnOrigin } from "./return-origin";

/**
 * "Book" on a session (P0, B2): when the member would pay a drop-in and the
 * studio takes card payments, the place is paid in Stripe Checkout (opened
 * top-level; the webhook books it once paid). Otherwise — a membership pays,
 * the class is free, card payments are off, or the member books for a
 * household participant — it is the ordinary booking, paid at the studio.
 */
export async function bookOrPayAction(prev: FormState, form: FormData): Promise<FormState> {
  const slug = text(form, "studio");
  const member = await portalMember(slug);
  const clientId = optional(form, "clientId");
  if (!member || member.actor.kind !== "member" || (clientId && clientId !== member.actor.clientId))
    return bookAction(prev, form);
  const sessionId = text(form, "sessionId");
  let url = "";
  const state = await formAction(null, async () => {
    if (await checkoutNeeded(member, { sessionId }))
      url = (await startCheckout(member, { sessionId, origin: await stripeReturnOrigin() })).url;
    return { ok: true };
  });
  if (!state.ok) return state;
  if (url) redirect(url);
  return bookAction(prev, form);
}
