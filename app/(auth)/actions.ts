"use server";

import { headers } from "next/headers";
import { getDb } from "@/db";
import { clientIp, signOut } from "@/lib/auth/auth";
import { signInWithPassword } from "@/app/_lib/sign-in";
import { hitRateLimit, LIMITS } from "@/lib/security/rate-limit";
import { createStudio } from "@/lib/studios/create-studio";
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
