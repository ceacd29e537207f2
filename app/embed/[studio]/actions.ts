"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { checked, formAction, keepValues, text, type FormState } from "@/app/_lib/form";
import { clientIp } from "@/lib/auth/auth";
import { DomainError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/validation";
import { acceptEmbedToken, embedRegister, embedSignIn, joinFromEmbed, type EmbedVisitor } from "@/lib/embed/embed";
import { hitRateLimit, LIMITS } from "@/lib/security/rate-limit";
import { stripeReturnOrigin } from "@/app/s/[studio]/checkout/return-origin";
import { sealEmbedSession } from "@/lib/embed/session";
import { embedPath, embedStudio, embedSystem, embedVisitor, endEmbedSession } from "./embed";

/** The plan step of the flow a form came from (or the plan list), with the popup marker kept. */
function stepPath(form: FormData): string {
  const slug = text(form, "studio");
  const planId = text(form, "planId");
  const query = checked(form, "popup") ? "popup=1" : "";
  const path = isUuid(planId) ? embedPath(slug, `/plans/${planId}`) : embedPath(slug);
  return query ? `${path}?${query}` : path;
}

/** What the sign-in forms get back: on success, a two-minute handoff and the step to load next. */
export type EmbedStepState = FormState & { handoff?: string; next?: string };

/**
 * The visitor is known: hand them to the session step (session/route.ts),
 * which sets the cookie and loads `next` as a fresh request. Not a cookie set
 * here plus a redirect: Next would render the next step in this very response
 * with the cookie the browser may yet refuse, hiding a refusal until the visitor
 * is asked to sign in again.
 */
async function continueAs(form: FormData, visitor: EmbedVisitor): Promise<EmbedStepState> {
  const studio = await embedStudio(text(form, "studio"));
  return { ok: true, handoff: sealEmbedSession({ studioId: studio.id, ...visitor }, new Date(), "handoff"), next: stepPath(form) };
}

/** E2 "registers inside the flow": a login and a client of this studio (C1, source embed), limited per address like every sign-up. */
export async function embedRegisterAction(_: EmbedStepState, form: FormData): Promise<EmbedStepState> {
  let visitor: EmbedVisitor | null = null;
  const state = await formAction(form, async () => {
    const ctx = await embedSystem(text(form, "studio"), "embed sign-up");
    await hitRateLimit(ctx.db, `signup:ip:${clientIp(await headers())}`, LIMITS.signUpPerIp);
    visitor = await embedRegister(ctx, {
      name: text(form, "name"),
      email: text(form, "email"),
      password: String(form.get("password") ?? ""),
      marketingConsent: checked(form, "marketingConsent"),
    });
    return { ok: true };
  });
  return visitor ? continueAs(form, visitor) : state;
}

/** E2 "signs in inside the flow" with a portal login (rate-limited; unknown email and wrong password read alike). */
export async function embedSignInAction(_: EmbedStepState, form: FormData): Promise<EmbedStepState> {
  let visitor: EmbedVisitor | null = null;
  const state = await formAction(null, async () => {
    const ctx = await embedSystem(text(form, "studio"), "embed sign-in");
    visitor = await embedSignIn(ctx, { email: text(form, "email"), password: String(form.get("password") ?? ""), ip: clientIp(await headers()) });
    return { ok: true };
  });
  return visitor ? continueAs(form, visitor) : { ...state, values: keepValues(form) };
}

/**
 * E2: the token the studio's page handed to the frame (by postMessage from the
 * snippet; it never travels in a URL). Accepted once; the answer is the
 * handoff to the session step, as for a sign-in.
 */
export async function embedTokenAction(slug: string, token: string): Promise<{ ok: true; handoff: string } | { ok: false; error: string }> {
  try {
    const studio = await embedStudio(String(slug));
    const visitor = await acceptEmbedToken(await embedSystem(studio.slug, "embed token"), String(token));
    return { ok: true, handoff: sealEmbedSession({ studioId: studio.id, ...visitor }, new Date(), "handoff") };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, error: e.message };
    throw e;
  }
}

export type EmbedJoinState = FormState & { checkoutUrl?: string };

/**
 * E1: the signed-in visitor joins the plan (joinFromEmbed: the same verb and
 * rules as the portal). Paid by card: the Checkout URL comes back for the
 * visitor to open top-level. Otherwise on to the last step.
 */
export async function embedJoinAction(_: EmbedJoinState, form: FormData): Promise<EmbedJoinState> {
  const slug = text(form, "studio");
  const planId = text(form, "planId");
  const visitor = await embedVisitor(slug);
  if (!visitor) return { ok: false, formError: "Your sign-in here has ended. Sign in again to continue." };
  let done = "";
  let checkoutUrl = "";
  const state = await formAction(null, async () => {
    const result = await joinFromEmbed(visitor, { planId, origin: await stripeReturnOrigin() });
    if (result.kind === "checkout") checkoutUrl = result.url;
    else done = embedPath(slug, `/done?${new URLSearchParams({ plan: result.membership.planId, ...(checked(form, "popup") ? { popup: "1" } : {}) })}`);
    return { ok: true };
  });
  if (done) redirect(done);
  return checkoutUrl ? { ok: true, checkoutUrl } : state;
}

/** "Not you?": ends the embed session and goes back to the same step. */
export async function embedSignOutAction(form: FormData): Promise<void> {
  await endEmbedSession(await embedStudio(text(form, "studio")));
  redirect(stepPath(form));
}
