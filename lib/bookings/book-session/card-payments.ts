import { eq } from "drizzle-orm";
import { stripeAccounts } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { stripeClient } from "@/lib/stripe/client";

/**
 * P0: whether the studio takes card payments now (the platform has a Stripe
 * key and the studio's connected account can charge), the same test as
 * getStripeStatus's `ready`. No read at all when Stripe is not configured.
 */
export async function takesCardPayments(ctx: Ctx): Promise<boolean> {
  if (!stripeClient()) return false;
  const [row] = await ctx.db
    .select({ chargesEnabled: stripeAccounts.chargesEnabled })
    .from(stripeAccounts)
    .where(eq(stripeAccounts.studioId, ctx.studio.id));
  return row?.chargesEnabled ?? false;
}
