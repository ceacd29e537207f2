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
import { embedPath, embedStudio, embedSystem, embedVisitor, endEmbedSession, startEmbedSession } from "./embed";

/** The plan step of the flow a form came from (or the plan list), with the popup marker kept. */
function stepPath(form: FormData, extra: Record<string, string> = {}): string {
  const slug = text(form, "studio");
  const planId = text(form, "planId");
  const query = new URLSearchParams({ ...(checked(form, "popup") ? { popup: "1" } : {}), ...extra }).toString();
  const path = isUuid(planId) ? embedPath(slug, `/plans/${planId}`) : embedPath(slug);
  return query ? `${path}?${query}` : path;
}

/** Signs the visitor in inside the frame and goes on; `signed=1` lets the page see whether the browser kept the cookie. */
async function continueAs(form: FormData, visitor: EmbedVisitor): Promise<never> {
  await startEmbedSession(await embedStudio(text(form, "studio")), visitor);
  redirect(stepPath(form, { signed: "1" }));
}

/** E2 "registers inside the flow": a login and a client of this studio (C1, source embed), limited per address like every sign-up. */
export async function embedRegisterAction(_: FormState, form: FormData): Promise<FormState> {
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
  if (visitor) await continueAs(form, visitor);
  return state;
}

/** E2 "signs in inside the flow" with a portal login (rate-limited; unknown email and wrong password read alike). */
export async function embedSignInAction(_: FormState, form: FormData): Promise<FormState> {
  let visitor: EmbedVisitor | null = null;
  const state = await formAction(null, async () => {
    const ctx = await embedSystem(text(form, "studio"), "embed sign-in");
    visitor = await embedSignIn(ctx, { email: text(form, "email"), password: String(form.get("password") ?? ""), ip: clientIp(await headers()) });
    return { ok: true };
  });
  if (visitor) await continueAs(form, visitor);
  return { ...state, values: keepValues(form) };
}

/**
 * E2: the token the studio's page handed to the frame (by postMessage from the
 * snippet; it never travels in a URL). Accepted once; the visitor is signed in.
 */
export async function embedTokenAction(slug: string, token: string): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    const studio = await embedStudio(String(slug));
    const visitor = await acceptEmbedToken(await embedSystem(studio.slug, "embed token"), String(token));
    await startEmbedSession(studio, visitor);
    return { ok: true };
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
