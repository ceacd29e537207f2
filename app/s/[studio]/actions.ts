"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientIp } from "@/lib/auth/auth";
import { sessionUserId, systemContext } from "@/lib/auth/context";
import { joinStudio } from "@/lib/portal/join-studio";
import { registerMember } from "@/lib/portal/register-member";
import { hitRateLimit, LIMITS } from "@/lib/security/rate-limit";
import { checked, formAction, keepValues, text, type FormState } from "@/app/_lib/form";
import { signInWithPassword } from "@/app/_lib/sign-in";
import { portalStudio } from "./portal";

export async function memberSignInAction(_: FormState, form: FormData): Promise<FormState> {
  const studio = await portalStudio(text(form, "studio"));
  const home = `/s/${studio.slug}`;
  const next = text(form, "next");
  // Back to where sign-in was asked for, but only inside this studio's portal.
  const to = next === home || (next.startsWith(`${home}/`) && !next.includes("//")) ? next : home;
  return signInWithPassword({ email: text(form, "email"), password: String(form.get("password") ?? "") }, to, keepValues(form));
}

/** Portal sign-up: a login (or the one the person has) and a client of this studio (C1), then signed in. */
export async function memberSignUpAction(_: FormState, form: FormData): Promise<FormState> {
  return formAction(form, async () => {
    const studio = await portalStudio(text(form, "studio"));
    const ctx = await systemContext(studio, "portal sign-up");
    await hitRateLimit(ctx.db, `signup:ip:${clientIp(await headers())}`, LIMITS.signUpPerIp);
    const password = String(form.get("password") ?? "");
    await registerMember(ctx, {
      name: text(form, "name"),
      email: text(form, "email"),
      password,
      marketingConsent: checked(form, "marketingConsent"),
    });
    return signInWithPassword({ email: text(form, "email"), password }, `/s/${studio.slug}`);
  });
}

/** A signed-in person who is not yet a client here becomes one with one click (C1). */
export async function joinStudioAction(form: FormData): Promise<void> {
  const studio = await portalStudio(text(form, "studio"));
  const userId = await sessionUserId();
  if (!userId) redirect(`/s/${studio.slug}/signin`);
  await joinStudio(await systemContext(studio, "portal join"), { userId });
  redirect(`/s/${studio.slug}`);
}
