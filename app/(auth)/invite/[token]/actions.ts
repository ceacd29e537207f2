"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { formAction, keepValues, text, type FormState } from "@/app/_lib/form";
import { signInWithPassword } from "@/app/_lib/sign-in";
import { sessionUserId, STUDIO_COOKIE } from "@/lib/auth";
import { acceptInvitation, acceptInvitationWithSignup } from "@/lib/team/team";

const COOKIE_OPTS = {
  httpOnly: true,
  sameSite: "lax" as const,
  path: "/",
  secure: process.env.NODE_ENV === "production",
  maxAge: 365 * 24 * 3600,
};

/** T1: the signed-in login accepts (it must be verified and hold the invited email); then it acts in that studio (T4). */
export async function acceptInvitationAction(_: FormState, form: FormData): Promise<FormState> {
  const userId = await sessionUserId();
  const token = text(form, "token");
  if (!userId) redirect(`/signin?next=${encodeURIComponent(`/invite/${token}`)}`);
  const result = await formAction(form, async () => {
    const studio = await acceptInvitation(await getDb(), token, userId);
    (await cookies()).set(STUDIO_COOKIE, studio.id, COOKIE_OPTS);
    return { ok: true };
  });
  if (!result.ok) return result;
  redirect("/dashboard");
}

/**
 * T1 with A1: a new login made through the invitation link. The link reached
 * the invited address, so it proves the email: the login starts verified.
 */
export async function acceptInvitationSignupAction(_: FormState, form: FormData): Promise<FormState> {
  const token = text(form, "token");
  return formAction(form, async () => {
    const password = String(form.get("password") ?? "");
    const made = await acceptInvitationWithSignup(await getDb(), token, { name: text(form, "name"), password });
    (await cookies()).set(STUDIO_COOKIE, made.studio.id, COOKIE_OPTS);
    return signInWithPassword({ email: made.email, password }, "/dashboard", keepValues(form));
  });
}
