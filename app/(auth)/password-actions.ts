"use server";

import { headers } from "next/headers";
import { getDb } from "@/db";
import { confirmEmailChange } from "@/lib/account/account";
import { requestPasswordReset, RESET_REQUESTED_MESSAGE, resetPassword } from "@/lib/account/password-reset";
import { clientIp } from "@/lib/auth";
import { findStudioBySlug } from "@/lib/studios/find-studio";
import { formAction, text, type FormState } from "@/app/_lib/form";
import { mailLinkOrigin } from "@/app/_lib/link-origin";

/**
 * A2 "Forgot password?" for staff (and, with a `studio` field, a portal or
 * embed): the same answer whatever the address (RESET_REQUESTED_MESSAGE).
 * Public: it names no row and reveals nothing; limited per address.
 */
export async function forgotPasswordAction(_: FormState, form: FormData): Promise<FormState> {
  return formAction(form, async () => {
    const slug = text(form, "studio");
    const studio = slug ? await findStudioBySlug(slug) : null;
    await requestPasswordReset(await getDb(), {
      email: text(form, "email"),
      ip: clientIp(await headers()),
      origin: await mailLinkOrigin(),
      studio,
    });
    return { ok: true, message: RESET_REQUESTED_MESSAGE };
  });
}

/** A2: the new password, with the link's token. Signs nobody in: the person signs in with it next. */
export async function resetPasswordAction(_: FormState, form: FormData): Promise<FormState> {
  return formAction(null, async () => {
    await resetPassword(await getDb(), { token: text(form, "token"), password: String(form.get("password") ?? "") });
    return {
      ok: true,
      message:
        "Your password is changed, and every session of your account was signed out. Sign in with the new password.",
    };
  });
}

/** Follows a change-of-email link (the click on the page it opens, never the GET). */
export async function confirmEmailAction(_: FormState, form: FormData): Promise<FormState> {
  return formAction(null, async () => {
    const { email } = await confirmEmailChange(await getDb(), text(form, "token"));
    return { ok: true, message: `Your account now uses ${email}.` };
  });
}
