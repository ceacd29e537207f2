/**
 * Member cards: what app/ may call (STYLE Dec 2026 #2). Verbs and `get*` reads check the caller's
 * permission themselves. Helpers that do not (`load*`, writes used inside other verbs' transactions)
 * are in ./internal.ts, which app/ may not import (eslint.config.mjs).
 */
export { CARD_QR_PREFIX, cardQrContent, parseCardToken } from "./card-content";
export { cardQrSvg } from "./card-qr";
export { getCard, getMyCard, getClientCard, toApiCard } from "./get-card";
export { rotateCardToken } from "./rotate-card-token";
export type * from "./get-card";
export { APPLE_PASS_CONTENT_TYPE, buildApplePass, getMyApplePass } from "./apple-wallet-pass";
export { GOOGLE_SAVE_URL, buildGoogleSaveUrl, getMyGoogleWalletUrl } from "./google-wallet-link";
export { appleWalletConfig, googleWalletConfig, walletButtons, WalletConfigError } from "./wallet-config";
export type { AppleWalletConfig, GoogleWalletConfig } from "./wallet-config";
export type { WalletCard } from "./wallet-card";
