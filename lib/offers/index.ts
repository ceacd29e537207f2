/**
 * Offers (M11 intro offers, M12 promo codes): what app/ may call (STYLE Dec 2026 #2). Helpers that skip the
 * permission check are in ./internal.ts.
 */
export {
  PromoCodeFields,
  PromoCodeText,
  promoCodeRules,
  CreatePromoCodeInput,
  toApiPromoCode,
  createPromoCode,
  listPromoCodes,
  deactivatePromoCode,
  discountCents,
  quotePromoCode,
} from "./promo-codes";
export type { PromoQuote } from "./promo-codes";
