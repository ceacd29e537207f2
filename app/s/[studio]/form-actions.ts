"use server";

import { revalidatePath } from "next/cache";
import { checked, formAction, optional, text, type FormState } from "@/app/_lib/form";
import { signatureOrigin } from "@/app/_lib/signature-origin";
import { answersFromForm, signForm } from "@/lib/forms";
import { portalMember } from "./portal";

/**
 * F1: the member signs a form (its own, or as primary customer a participant's)
 * before the booking or purchase that needs it; the page then shows the next step.
 */
export async function signFormAction(_: FormState, form: FormData): Promise<FormState> {
  const member = await portalMember(text(form, "studio"));
  if (!member) return { ok: false, formError: "Your sign-in has ended. Sign in again to continue." };
  return formAction(form, async () => {
    await signForm(
      member,
      {
        formId: text(form, "formId"),
        versionId: text(form, "versionId"),
        clientId: optional(form, "clientId"),
        fullName: text(form, "fullName"),
        agree: checked(form, "agree") as true,
        healthConsent: checked(form, "healthConsent"),
        answers: answersFromForm(form),
      },
      await signatureOrigin(),
    );
    const back = text(form, "next");
    if (back.startsWith(`/s/${member.studio.slug}/`)) revalidatePath(back);
    return { ok: true, message: "Signed. A copy is on its way to your inbox." };
  });
}
