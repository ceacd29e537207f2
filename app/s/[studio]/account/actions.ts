"use server";

import { redirect } from "next/navigation";
import { changePassword, CHANGE_EMAIL_SENT, requestEmailChange, signOutEverywhere } from "@/lib/account/account";
import { sessionId, signOut } from "@/lib/auth";
import type { Ctx } from "@/lib/core/ctx";
import { formAction, text, type FormState } from "@/app/_lib/form";
import { mailLinkOrigin } from "@/app/_lib/link-origin";
import { portalMember, portalStudio } from "../portal";

/** The member of the portal in the form, or off to its sign-in. */
async function member(form: FormData): Promise<Ctx> {
  const slug = text(form, "studio");
  const ctx = await portalMember(slug);
  if (!ctx) redirect(`/s/${(await portalStudio(slug)).slug}/signin`);
  return ctx;
}

/** A2/A3 in the portal: a new password; every other session ends. */
export async function memberChangePasswordAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await member(form);
  return formAction(null, async () => {
    await changePassword(
      ctx,
      {
        currentPassword: String(form.get("currentPassword") ?? ""),
        newPassword: String(form.get("newPassword") ?? ""),
      },
      { keepSessionId: await sessionId() },
    );
    return { ok: true, message: "Your password is changed. Every other session was signed out." };
  });
}

/** A change of the login's email, verified by a link to the new address. */
export async function memberChangeEmailAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await member(form);
  return formAction(form, async () => {
    const origin = await mailLinkOrigin();
    if (!origin) return { ok: false, formError: "Mail is not set up on this server." };
    await requestEmailChange(
      ctx,
      { currentPassword: String(form.get("currentPassword") ?? ""), newEmail: text(form, "newEmail") },
      { origin },
    );
    return { ok: true, message: CHANGE_EMAIL_SENT };
  });
}

/** A3 "sign out everywhere": every session of the login ends, this one too. */
export async function memberSignOutEverywhereAction(form: FormData): Promise<void> {
  const ctx = await member(form);
  await signOutEverywhere(ctx);
  await signOut({ redirectTo: `/s/${ctx.studio.slug}/signin` });
}
