"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formAction, type FormState } from "@/app/_lib/form";
import { stripeReturnOrigin } from "@/app/s/[studio]/checkout/return-origin";
import { requireStaffContext } from "@/lib/auth/context";
import { refreshStripeAccount, startStripeConnect } from "@/lib/stripe/connect";

/** P0: the owner connects (or continues onboarding) the studio's Stripe account; Stripe's onboarding opens top-level. */
export async function connectStripeAction(_: FormState, _form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  let url = "";
  const state = await formAction(null, async () => {
    url = (await startStripeConnect(ctx, { origin: await stripeReturnOrigin() })).url;
    return { ok: true };
  });
  if (state.ok && url) redirect(url);
  return state;
}

/** P0: reads the account back from Stripe so card payments start once it can take charges. */
export async function refreshStripeAction(_: FormState, _form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(null, async () => {
    const status = await refreshStripeAccount(ctx);
    revalidatePath("/dashboard/settings/payments");
    return {
      ok: true,
      message: status.ready ? "Stripe can take payments: members now pay by card online." : "Stripe is not ready to take payments yet. Finish onboarding, then check again.",
    };
  });
}
