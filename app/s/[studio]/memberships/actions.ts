"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formAction, text, type FormState } from "@/app/_lib/form";
import { sessionUserId } from "@/lib/auth";
import { formatDate } from "@/lib/core/format";
import { lastDayOf } from "@/lib/core/time";
import { openBillingPortal, cancelMyMembership } from "@/lib/stripe";
import { stripeReturnOrigin } from "../checkout/return-origin";
import { portalMember, portalStudio } from "../portal";

/** The signed-in member of the form's studio, or a redirect to sign in (and back here). */
async function requireMember(form: FormData) {
  const slug = text(form, "studio");
  const studio = await portalStudio(slug);
  const member = await portalMember(slug);
  if (member) return member;
  if (await sessionUserId()) redirect(`/s/${studio.slug}`);
  redirect(`/s/${studio.slug}/signin?next=${encodeURIComponent(`/s/${studio.slug}/memberships`)}`);
}

/** M8 self-service: the member cancels a recurring membership in one confirmed step; a Stripe subscription stops at Stripe too. */
export async function cancelMyMembershipAction(_: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(form);
  return formAction(null, async () => {
    const m = await cancelMyMembership(member, { membershipId: text(form, "membershipId") });
    revalidatePath(`/s/${member.studio.slug}/memberships`);
    revalidatePath(`/s/${member.studio.slug}`);
    // O5: kept until the end of the period paid (the last day it covers, in the studio's zone).
    const until = m.status === "active" && m.endsAt ? formatDate(lastDayOf(m.endsAt), member.studio.timezone) : null;
    return {
      ok: true,
      message: until
        ? `Membership cancelled. You keep it until ${until}, and you will not be charged again.`
        : "Membership cancelled. You will not be charged again.",
    };
  });
}

/** P0: "Update card" opens Stripe's billing portal for the member's own customer, top-level. */
export async function openBillingPortalAction(_: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(form);
  let url = "";
  const state = await formAction(null, async () => {
    url = (await openBillingPortal(member, { origin: await stripeReturnOrigin() })).url;
    return { ok: true };
  });
  if (state.ok && url) redirect(url);
  return state;
}
