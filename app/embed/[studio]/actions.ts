"use server";

import { requireMailLinkOrigin } from "@/app/_lib/link-origin";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { signatureOrigin } from "@/app/_lib/signature-origin";
import { answersFromForm, signForm } from "@/lib/forms";
import { checked, formAction, keepValues, text, type FormState } from "@/app/_lib/form";
import { clientIp, startSession } from "@/lib/auth";
import { DomainError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/validation";
import {
  acceptEmbedToken,
  embedRegister,
  embedSignIn,
  joinFromEmbed,
  type EmbedVisitor,
  EMBED_SESSION_SECONDS,
  sealEmbedSession,
} from "@/lib/embed";
import { resendVerification } from "@/lib/identity/verify-email";
import { hitRateLimit, LIMITS } from "@/lib/security";
import { stripeReturnOrigin } from "@/app/s/[studio]/checkout/return-origin";
import { getDb } from "@/db";
import { embedPath, embedStudio, embedSystem, embedVisitor, endEmbedSession } from "./embed";

/** The plan step of the flow a form came from (or the plan list), with the popup marker kept. */
function stepPath(form: FormData): string {
  const slug = text(form, "studio");
  const planId = text(form, "planId");
  const query = checked(form, "popup") ? "popup=1" : "";
  const path = isUuid(planId) ? embedPath(slug, `/plans/${planId}`) : embedPath(slug);
  return query ? `${path}?${query}` : path;
}

/** What the sign-in forms get back: on success, a two-minute handoff and the step to load next; or (A1) "check your email". */
export type EmbedStepState = FormState & { handoff?: string; next?: string; checkEmail?: string };

/**
 * The visitor is known: hand them to the session step (session/route.ts),
 * which sets the cookie and loads `next` as a fresh request. Not a cookie set
 * here plus a redirect: Next would render the next step in this very response
 * with the cookie the browser may yet refuse, hiding a refusal until the visitor
 * is asked to sign in again.
 */
async function continueAs(form: FormData, visitor: EmbedVisitor): Promise<EmbedStepState> {
  const studio = await embedStudio(text(form, "studio"));
  const now = new Date();
  // A3: a login's embed session has its server-side row, so it can be ended like any other.
  const sessionId = visitor.userId
    ? await startSession(await getDb(), visitor.userId, now, EMBED_SESSION_SECONDS)
    : null;
  return {
    ok: true,
    handoff: sealEmbedSession({ studioId: studio.id, ...visitor, sessionId }, now, "handoff"),
    next: stepPath(form),
  };
}

/** The plan the visitor chose, carried into the verification link so that following it continues there (E1). */
function chosenPlan(form: FormData): string | undefined {
  const planId = text(form, "planId");
  return isUuid(planId) ? planId : undefined;
}

/**
 * E2 "registers inside the flow" (A1): the same answer for every address —
 * "check your email" — and the mailed link, opened top-level with the
 * password, makes the visitor a client and continues with the chosen plan.
 * Limited per address like every sign-up.
 */
export async function embedRegisterAction(_: EmbedStepState, form: FormData): Promise<EmbedStepState> {
  return formAction(form, async () => {
    const ctx = await embedSystem(text(form, "studio"), "embed sign-up");
    await hitRateLimit(ctx.db, `signup:ip:${clientIp(await headers())}`, LIMITS.signUpPerIp);
    const email = text(form, "email");
    await embedRegister(
      ctx,
      {
        name: text(form, "name"),
        email,
        password: String(form.get("password") ?? ""),
        marketingConsent: checked(form, "marketingConsent"),
      },
      { origin: await requireMailLinkOrigin(), planId: chosenPlan(form) },
    );
    const done: EmbedStepState = { ok: true, checkEmail: email };
    return done;
  });
}

/** A1 "resendable": a new link for an unverified login with this email; the same answer whatever the address. */
export async function embedResendAction(_: EmbedStepState, form: FormData): Promise<EmbedStepState> {
  return formAction(form, async () => {
    const ctx = await embedSystem(text(form, "studio"), "embed resend verification");
    await hitRateLimit(ctx.db, `signup:ip:${clientIp(await headers())}`, LIMITS.signUpPerIp);
    const email = text(form, "email");
    await resendVerification(ctx, { email, origin: await requireMailLinkOrigin(), source: "embed" });
    const done: EmbedStepState = { ok: true, checkEmail: email, message: "Sent again. Check your email." };
    return done;
  });
}

/**
 * E2 "signs in inside the flow" with a portal login (rate-limited; unknown email and wrong password read alike).
 * A login that has not confirmed its email and is not yet a client here gets "check your email" (A1).
 */
export async function embedSignInAction(_: EmbedStepState, form: FormData): Promise<EmbedStepState> {
  let visitor: EmbedVisitor | null = null;
  let checkEmail = "";
  const state = await formAction(null, async () => {
    const ctx = await embedSystem(text(form, "studio"), "embed sign-in");
    const result = await embedSignIn(ctx, {
      email: text(form, "email"),
      password: String(form.get("password") ?? ""),
      ip: clientIp(await headers()),
      origin: await requireMailLinkOrigin(),
      planId: chosenPlan(form),
    });
    if (result === "check_email") checkEmail = text(form, "email");
    else visitor = result;
    return { ok: true };
  });
  if (checkEmail) return { ok: true, checkEmail };
  return visitor ? continueAs(form, visitor) : { ...state, values: keepValues(form) };
}

/**
 * E2: the token the studio's page handed to the frame (by postMessage from the
 * snippet; it never travels in a URL). Accepted once; the answer is the
 * handoff to the session step, as for a sign-in.
 */
export async function embedTokenAction(
  slug: string,
  token: string,
): Promise<{ ok: true; handoff: string } | { ok: false; error: string }> {
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
    const promoCode = text(form, "promoCode") || undefined; // M12
    const result = await joinFromEmbed(visitor, { planId, promoCode, origin: await stripeReturnOrigin() });
    if (result.kind === "checkout") checkoutUrl = result.url;
    else
      done = embedPath(
        slug,
        `/done?${new URLSearchParams({ plan: result.membership.planId, ...(checked(form, "popup") ? { popup: "1" } : {}) })}`,
      );
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

/**
 * F1: the signed-in visitor signs the form the plan requires, inside the frame,
 * before confirming; the plan step then shows the confirm button.
 */
export async function embedSignFormAction(_: FormState, form: FormData): Promise<FormState> {
  const slug = text(form, "studio");
  const visitor = await embedVisitor(slug);
  if (!visitor) return { ok: false, formError: "Your sign-in here has ended. Sign in again to continue." };
  return formAction(form, async () => {
    await signForm(
      visitor,
      {
        formId: text(form, "formId"),
        versionId: text(form, "versionId"),
        fullName: text(form, "fullName"),
        agree: checked(form, "agree") as true,
        healthConsent: checked(form, "healthConsent"),
        answers: answersFromForm(form),
      },
      await signatureOrigin(),
    );
    revalidatePath("/embed/[studio]/plans/[id]", "page");
    return { ok: true, message: "Signed. A copy is on its way to your inbox." };
  });
}
