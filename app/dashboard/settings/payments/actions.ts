"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { staffAction } from "@/app/_lib/staff-action";
import { stripeReturnOrigin } from "@/app/s/[studio]/checkout/return-origin";
import { refreshStripeAccount, StartStripeConnectInput, startStripeConnect } from "@/lib/stripe";

/** P0: the owner connects (or continues onboarding) the studio's Stripe account; Stripe's onboarding opens top-level. */
export const connectStripeAction = staffAction(
  // The form names nothing: the return origin is the server's own, never the browser's.
  StartStripeConnectInput.omit({ origin: true }),
  async (ctx) => {
    const { url } = await startStripeConnect(ctx, { origin: await stripeReturnOrigin() });
    redirect(url);
  },
);

/** P0: reads the account back from Stripe so card payments start once it can take charges. */
export const refreshStripeAction = staffAction(z.object({}), async (ctx) => {
  const status = await refreshStripeAccount(ctx);
  revalidatePath("/dashboard/settings/payments");
  return {
    ok: true,
    message: status.ready
      ? "Stripe can take payments: members now pay by card online."
      : "Stripe is not ready to take payments yet. Finish onboarding, then check again.",
  };
});
