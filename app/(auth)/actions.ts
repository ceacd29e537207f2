"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import { getDb } from "@/db";
import { clientIp, signIn, signOut } from "@/lib/auth/auth";
import { hitRateLimit, LIMITS } from "@/lib/security/rate-limit";
import { createStudio } from "@/lib/studios/create-studio";
import { formAction, keepValues, optional, text, type FormState } from "@/app/_lib/form";

/** Only same-site paths may be returned to after sign-in. */
function safeNext(value: string, fallback: string): string {
  return /^\/(?![/\\])/.test(value) ? value : fallback;
}

/**
 * Signs in with email and password and goes to `redirectTo`. Used by staff and
 * portal sign-in alike: a wrong password and an unknown email read the same.
 */
export async function signInWithPassword(
  credentials: { email: string; password: string },
  redirectTo: string,
  values?: Record<string, string>,
): Promise<FormState> {
  try {
    await signIn("credentials", { ...credentials, redirectTo });
    return { ok: true };
  } catch (e) {
    if (e instanceof CredentialsSignin && e.code === "rate_limited") {
      return { ok: false, formError: "Too many sign-in attempts. Wait a few minutes and try again.", values };
    }
    if (e instanceof CredentialsSignin) return { ok: false, formError: "That email and password do not match.", values };
    if (e instanceof AuthError) return { ok: false, formError: "Sign-in is not available right now. Try again.", values };
    throw e; // the redirect on success
  }
}

export async function signInAction(_: FormState, form: FormData): Promise<FormState> {
  return signInWithPassword(
    { email: text(form, "email"), password: String(form.get("password") ?? "") },
    safeNext(text(form, "next"), "/dashboard"),
    keepValues(form),
  );
}

/** A new studio and its owner, then straight into the dashboard. */
export async function signUpStudioAction(_: FormState, form: FormData): Promise<FormState> {
  return formAction(form, async () => {
    const db = await getDb();
    await hitRateLimit(db, `signup:ip:${clientIp(await headers())}`, LIMITS.signUpPerIp);
    const { owner } = await createStudio(db, {
      name: text(form, "name"),
      timezone: optional(form, "timezone"),
      currency: optional(form, "currency"),
      ownerName: optional(form, "ownerName"),
      ownerEmail: text(form, "ownerEmail"),
      ownerPassword: String(form.get("ownerPassword") ?? ""),
    });
    return signInWithPassword({ email: owner.email, password: String(form.get("ownerPassword")) }, "/dashboard");
  });
}

export async function signOutAction(form: FormData): Promise<void> {
  await signOut({ redirectTo: safeNext(text(form, "next"), "/") });
}
