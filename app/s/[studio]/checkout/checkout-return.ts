import { redirect } from "next/navigation";
import { sessionUserId } from "@/lib/auth";
import type { Checkout } from "@/db/schema";
import { getMyCheckout } from "@/lib/stripe/checkout";
import { DomainError } from "@/lib/core/errors";
import { portalMember, portalStudio } from "../portal";

/** The signed-in member's checkout named in a return URL from Stripe, or null (unknown, someone else's); sign-in first. */
export async function checkoutOfReturn(
  slug: string,
  id: string | undefined,
  here: string,
): Promise<{ checkout: Checkout | null; slug: string }> {
  const studio = await portalStudio(slug);
  const member = await portalMember(slug);
  if (!member) {
    if (await sessionUserId()) redirect(`/s/${studio.slug}`);
    redirect(`/s/${studio.slug}/signin?next=${encodeURIComponent(here)}`);
  }
  try {
    return { checkout: id ? await getMyCheckout(member, id) : null, slug: studio.slug };
  } catch (e) {
    if (e instanceof DomainError) return { checkout: null, slug: studio.slug };
    throw e;
  }
}

/** Where to go back to for this purchase: the plan, or the session. */
export function purchaseHref(slug: string, c: Checkout | null): string {
  if (c?.planId) return `/s/${slug}/plans/${c.planId}`;
  if (c?.classSessionId) return `/s/${slug}/sessions/${c.classSessionId}`;
  return `/s/${slug}/plans`;
}
