import type Stripe from "stripe";
import type { Ctx } from "@/lib/core/ctx";
import { RuleError } from "@/lib/core/errors";
import { loadPromoCode, savePromoCoupon } from "@/lib/offers/promo-codes";
import { stripeFailure } from "./connect";

/**
 * M12: the coupon on the studio's connected account that matches a promo code,
 * made once and kept in `promo_codes.stripe_coupon_id` (its idempotency key is
 * the code's id, so two racing checkouts make one coupon). Percent or amount
 * off as the code says; `duration` once for "first", forever for "every"
 * (a one-off payment uses it once either way). Our own limits stay ours: the
 * redemption is counted when the webhook grants.
 */
export async function ensurePromoCoupon(ctx: Ctx, stripe: Stripe, accountId: string, code: string): Promise<string> {
  const promo = await loadPromoCode(ctx, code);
  if (!promo) throw new RuleError("promo_code_invalid", "This promo code is not valid for this plan.");
  if (promo.stripeCouponId) return promo.stripeCouponId;
  let coupon: Stripe.Coupon;
  try {
    coupon = await stripe.coupons.create(
      {
        name: promo.code,
        duration: promo.appliesTo === "every" ? "forever" : "once",
        ...(promo.percentOff !== null
          ? { percent_off: promo.percentOff }
          : { amount_off: promo.amountOffCents!, currency: ctx.studio.currency.toLowerCase() }),
        metadata: { roster_promo_code_id: promo.id, roster_studio_id: ctx.studio.id },
      },
      { stripeAccount: accountId, idempotencyKey: `roster-promo-coupon-${promo.id}` },
    );
  } catch (e) {
    stripeFailure(e, "apply the promo code");
  }
  await savePromoCoupon(ctx, promo.id, coupon.id);
  return (await loadPromoCode(ctx, code))?.stripeCouponId ?? coupon.id;
}
