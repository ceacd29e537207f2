/**
 * Offers (M11, M12): helpers that skip the permission check, for other verbs of lib/ only (eslint.config.mjs).
 */
export { enforceIntroOffer, loadIntroEligibility } from "./intro-offer";
export { loadPromoCode, loadPromoQuote, redeemPromoCode, savePromoCoupon } from "./promo-codes";
