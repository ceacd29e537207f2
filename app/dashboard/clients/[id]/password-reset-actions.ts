"use server";

import { sendClientPasswordReset } from "@/lib/account/account";
import { requireStaffContext } from "@/lib/auth";
import { formAction, text, type FormState } from "@/app/_lib/form";
import { mailLinkOrigin } from "@/app/_lib/link-origin";

/** A2: staff mail a member a link to choose a new password (to the login's own address); they never set or see one. */
export async function sendPasswordResetAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const origin = await mailLinkOrigin();
    if (!origin) return { ok: false, formError: "Mail is not set up on this server." };
    await sendClientPasswordReset(ctx, { clientId: text(form, "clientId") }, { origin });
    return {
      ok: true,
      message:
        "A link to choose a new password is on its way to the member's sign-in email. It works once, for 30 minutes.",
    };
  });
}
