"use server";

import { revalidatePath } from "next/cache";
import { formAction, type FormState } from "@/app/_lib/form";
import { resetCalendarToken } from "@/lib/bookings/calendar-feed";
import { portalMember } from "../portal";

/** A new secret feed URL; calendars subscribed with the old one stop updating. */
export async function resetCalendarLinkAction(_: FormState, form: FormData): Promise<FormState> {
  const slug = String(form.get("studio") ?? "");
  const member = await portalMember(slug);
  if (!member) return { ok: false, formError: "Sign in again to change your calendar link." };
  return formAction(form, async () => {
    await resetCalendarToken(member);
    revalidatePath(`/s/${slug}/bookings`);
    return { ok: true, message: "Your calendar link is new. Subscribe again with it; the old one no longer works." };
  });
}
