"use server";

import { requireMailLinkOrigin } from "@/app/_lib/link-origin";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formAction, optional, text, type FormState } from "@/app/_lib/form";
import { sessionUserId } from "@/lib/auth";
import { addParticipant, inviteParticipant } from "@/lib/households";
import { portalMember, portalStudio } from "./portal";

/** H1: the signed-in primary (or an additional user) adds someone it books for, e.g. a child; the email is optional. */
export async function addParticipantAction(_: FormState, form: FormData): Promise<FormState> {
  const studio = await portalStudio(text(form, "studio"));
  const member = await portalMember(studio.slug);
  if (!member)
    redirect(
      (await sessionUserId())
        ? `/s/${studio.slug}`
        : `/s/${studio.slug}/signin?next=${encodeURIComponent(`/s/${studio.slug}`)}`,
    );
  return formAction(form, async () => {
    const email = optional(form, "email");
    if (email) {
      // A5: someone with an email confirms by mail; the answer is the same for every address.
      await inviteParticipant(member, { name: text(form, "name"), email }, { origin: await requireMailLinkOrigin() });
      return {
        ok: true,
        message: `We emailed ${email} a link to confirm. They join your household once they confirm.`,
      };
    }
    const added = await addParticipant(member, { name: text(form, "name") });
    revalidatePath(`/s/${studio.slug}`);
    revalidatePath(`/s/${studio.slug}/bookings`);
    return { ok: true, message: `${added.name} is in your household. You can now book classes for them.` };
  });
}
