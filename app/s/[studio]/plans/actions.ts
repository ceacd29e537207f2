"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formAction, text, type FormState } from "@/app/_lib/form";
import { sessionUserId } from "@/lib/auth";
import { isUuid } from "@/lib/core/validation";
import { assignMembership } from "@/lib/memberships";
import { checkoutNeeded, startCheckout } from "@/lib/stripe";
import { stripeReturnOrigin } from "../checkout/return-origin";
import { portalMember, portalStudio } from "../portal";

/**
 * A member buys a public plan (P0): by card through Stripe Checkout when the
 * studio's connected account takes charges, otherwise paid at the studio (the
 * membership is created and its payment recorded as due). A pack is refused
 * while an earlier pack of the plan is still usable (S5); the refusal comes
 * back as the rule's message. On success the member lands on the portal home.
 */
export async function buyPlanAction(_: FormState, form: FormData): Promise<FormState> {
  const member = await portalMember(text(form, "studio"));
  const planId = text(form, "planId");
  if (!member || member.actor.kind !== "member") {
    const { slug } = await portalStudio(text(form, "studio"));
    if (await sessionUserId()) redirect(`/s/${slug}`);
    const back = isUuid(planId) ? `/s/${slug}/plans/${planId}` : `/s/${slug}/plans`;
    redirect(`/s/${slug}/signin?next=${encodeURIComponent(back)}`);
  }
  const clientId = member.actor.clientId;
  // M12: the promo code applied on the plan's page, if any.
  const promoCode = text(form, "promoCode") || undefined;

  let checkoutUrl = "";
  const state = await formAction(null, async () => {
    // P0: with the studio's Stripe account ready and something to pay, the member pays by card in Checkout;
    // the webhook grants the membership once paid. Otherwise: pay at the studio, as before.
    if (await checkoutNeeded(member, { planId, promoCode })) {
      checkoutUrl = (await startCheckout(member, { planId, promoCode, origin: await stripeReturnOrigin() })).url;
      return { ok: true };
    }
    // A member can buy only public plans: assignMembership refuses the others as not found (E1).
    await assignMembership(member, { planId, clientId, source: "purchase", promoCode });
    revalidatePath(`/s/${member.studio.slug}`);
    revalidatePath(`/s/${member.studio.slug}/bookings`);
    revalidatePath(`/s/${member.studio.slug}/plans/${planId}`);
    return { ok: true };
  });
  // The portal is a top-level page, so Checkout (which refuses to run inside an iframe) opens top-level.
  if (state.ok && checkoutUrl) redirect(checkoutUrl);
  if (state.ok) redirect(`/s/${member.studio.slug}?bought=1`);
  return state;
}
