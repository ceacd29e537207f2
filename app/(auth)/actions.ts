"use server";

import { headers } from "next/headers";
import { getDb } from "@/db";
import { clientIp, signOut } from "@/lib/auth";
import { signInWithPassword } from "@/app/_lib/sign-in";
import { hitRateLimit, LIMITS } from "@/lib/security";
import { resendStudioSignUp, signUpStudio } from "@/lib/studios";
import { requireMailLinkOrigin } from "@/app/_lib/link-origin";
import { formAction, keepValues, optional, text, type FormState } from "@/app/_lib/form";

/** Only same-site paths may be returned to after sign-in. */
function safeNext(value: string, fallback: string): string {
  return /^\/(?![/\\])/.test(value) ? value : fallback;
}

export async function signInAction(_: FormState, form: FormData): Promise<FormState> {
  return signInWithPassword(
    { email: text(form, "email"), password: String(form.get("password") ?? "") },
    safeNext(text(form, "next"), "/dashboard"),
    keepValues(form),
  );
}

/** What the studio sign-up form gets back: A1's "check your email", the same for every address. */
export type StudioSignUpState = FormState & { checkEmail?: string };

/**
 * A new studio and its owner (A1): the same "check your email to finish" for
 * a new address and one that already has a login; the mailed link, followed
 * with the password, signs the owner in to the dashboard.
 */
export async function signUpStudioAction(_: StudioSignUpState, form: FormData): Promise<StudioSignUpState> {
  return formAction(form, async () => {
    const db = await getDb();
    await hitRateLimit(db, `signup:ip:${clientIp(await headers())}`, LIMITS.signUpPerIp);
    const email = text(form, "ownerEmail");
    await signUpStudio(
      db,
      {
        name: text(form, "name"),
        timezone: optional(form, "timezone"),
        currency: optional(form, "currency"),
        ownerName: optional(form, "ownerName"),
        ownerEmail: email,
        ownerPassword: String(form.get("ownerPassword") ?? ""),
      },
      { origin: await requireMailLinkOrigin() },
    );
    const done: StudioSignUpState = { ok: true, checkEmail: email };
    return done;
  });
}

/** A1 "resendable" at /signup: the same answer whatever the address. */
export async function resendStudioSignUpAction(_: FormState, form: FormData): Promise<FormState> {
  return formAction(form, async () => {
    const db = await getDb();
    await hitRateLimit(db, `signup:ip:${clientIp(await headers())}`, LIMITS.signUpPerIp);
    await resendStudioSignUp(db, { email: text(form, "email"), origin: await requireMailLinkOrigin() });
    return { ok: true, message: "Sent again. Check your email." };
  });
}

export async function signOutAction(form: FormData): Promise<void> {
  await signOut({ redirectTo: safeNext(text(form, "next"), "/") });
}
