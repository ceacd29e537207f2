"use server";

import { requireMailLinkOrigin } from "@/app/_lib/link-origin";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientIp, isPortalAccessDisabled, sessionUserId, systemContext } from "@/lib/auth";
import { getDb } from "@/db";
import { checkPortalSignIn, PORTAL_DISABLED_MESSAGE } from "@/lib/clients";
import { RateLimitedError } from "@/lib/core/errors";
import { joinStudio, registerMember } from "@/lib/portal";
import { resendVerification } from "@/lib/identity/verify-email";
import { hitRateLimit, LIMITS } from "@/lib/security";
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
    if (e instanceof RateLimitedError)
      return {
        ok: false,
        formError: "Too many sign-in attempts. Wait a few minutes and try again.",
        values: keepValues(form),
      };
    throw e;
  }
  if (check === "disabled") return { ok: false, formError: PORTAL_DISABLED_MESSAGE, values: keepValues(form) };
  if (check === "invalid_credentials")
    return { ok: false, formError: "That email and password do not match.", values: keepValues(form) };
  return signInWithPassword(credentials, to, keepValues(form));
}

/** What the sign-up form gets back: A1's "check your email", the same for every address. */
export type SignUpState = FormState & { checkEmail?: string };

/**
 * Portal sign-up (C1, A1): the same "check your email to finish" for a new
 * address, a client's address and one that has a login; nobody is signed in
 * here. The mailed link, followed with the password, does the rest.
 */
export async function memberSignUpAction(_: SignUpState, form: FormData): Promise<SignUpState> {
  return formAction(form, async () => {
    const studio = await portalStudio(text(form, "studio"));
    const ctx = await systemContext(studio, "portal sign-up");
    await hitRateLimit(ctx.db, `signup:ip:${clientIp(await headers())}`, LIMITS.signUpPerIp);
    const email = text(form, "email");
    await registerMember(
      ctx,
      {
        name: text(form, "name"),
        email,
        password: String(form.get("password") ?? ""),
        marketingConsent: checked(form, "marketingConsent"),
      },
      { source: "portal", origin: await requireMailLinkOrigin() },
    );
    const done: SignUpState = { ok: true, checkEmail: email };
    return done;
  });
}

/** A1 "resendable": a new link for an unverified login with this email; the same answer whatever the address. */
export async function resendVerificationAction(_: FormState, form: FormData): Promise<FormState> {
  return formAction(form, async () => {
    const studio = await portalStudio(text(form, "studio"));
    const ctx = await systemContext(studio, "portal resend verification");
    await hitRateLimit(ctx.db, `signup:ip:${clientIp(await headers())}`, LIMITS.signUpPerIp);
    await resendVerification(ctx, { email: text(form, "email"), origin: await requireMailLinkOrigin() });
    return { ok: true, message: "Sent again. Check your email." };
  });
}

/**
 * A signed-in person who is not yet a client here becomes one with one click
 * (C1) — once their login has confirmed its email (A1); otherwise a link is
 * mailed and the portal home says "check your email".
 */
export async function joinStudioAction(form: FormData): Promise<void> {
  const studio = await portalStudio(text(form, "studio"));
  const userId = await sessionUserId();
  if (!userId) redirect(`/s/${studio.slug}/signin`);
  // H3: a client whose portal access is off stays out; the portal home says why.
  if (await isPortalAccessDisabled(studio)) redirect(`/s/${studio.slug}`);
  const result = await joinStudio(
    await systemContext(studio, "portal join"),
    { userId },
    { source: "portal", origin: await requireMailLinkOrigin() },
  );
  redirect(result.kind === "check_email" ? `/s/${studio.slug}?join=check-email` : `/s/${studio.slug}`);
}
