"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientIp } from "@/lib/auth/auth";
import { getDb } from "@/db";
import { isPortalAccessDisabled, sessionUserId, systemContext } from "@/lib/auth/context";
import { checkPortalSignIn, PORTAL_DISABLED_MESSAGE } from "@/lib/clients/portal-access";
import { RateLimitedError } from "@/lib/core/errors";
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
  const credentials = { email: text(form, "email"), password: String(form.get("password") ?? "") };
  // H3: a client whose portal access staff turned off is refused here, with a clear message.
  let check: Awaited<ReturnType<typeof checkPortalSignIn>>;
  try {
    check = await checkPortalSignIn(await getDb(), studio, { ...credentials, ip: clientIp(await headers()) });
  } catch (e) {
    if (e instanceof RateLimitedError) return { ok: false, formError: "Too many sign-in attempts. Wait a few minutes and try again.", values: keepValues(form) };
    throw e;
  }
  if (check === "disabled") return { ok: false, formError: PORTAL_DISABLED_MESSAGE, values: keepValues(form) };
  if (check === "invalid_credentials") return { ok: false, formError: "That email and password do not match.", values: keepValues(form) };
  return signInWithPassword(credentials, to, keepValues(form));
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
  // H3: a client whose portal access is off stays out; the portal home says why.
  if (await isPortalAccessDisabled(studio)) redirect(`/s/${studio.slug}`);
  await joinStudio(await systemContext(studio, "portal join"), { userId });
  redirect(`/s/${studio.slug}`);
}
