import { createPrivateKey } from "node:crypto";
import { SignJWT } from "jose";
import { type Ctx } from "@/lib/core/ctx";
import { NotFoundError } from "@/lib/core/errors";
import { appOrigin } from "@/lib/core/app-origin";
import { googleWalletConfig, type Env, type GoogleWalletConfig } from "./wallet-config";
import { myWalletCard, walletBarcodeMessage, walletPassId, type WalletCard } from "./wallet-card";

export const GOOGLE_SAVE_URL = "https://pay.google.com/gp/v/save/";

const text = (value: string) => ({ defaultValue: { language: "en", value } });

/**
 * W1: the "Save to Google Wallet" link of a card: a JWT signed (RS256) with the
 * issuer's service account, carrying one generic pass (its class and object)
 * whose QR code holds the portal QR's content (`roster-card:<token>`), so the
 * desk scans it as today. The object's id is a hash of the token: a replaced
 * card is a new pass, and the old one's token is refused at scan.
 * `origins` are the sites allowed to show the link (the app's origin).
 */
export async function buildGoogleSaveUrl(
  config: GoogleWalletConfig,
  card: WalletCard,
  opts: { origins: string[]; now: Date },
): Promise<string> {
  const classId = `${config.issuerId}.roster_member_card`;
  const claims = {
    origins: opts.origins,
    typ: "savetowallet",
    payload: {
      genericClasses: [{ id: classId }],
      genericObjects: [
        {
          id: `${config.issuerId}.card_${walletPassId(card)}`,
          classId,
          state: "ACTIVE",
          cardTitle: text(card.studioName),
          subheader: text("Member"),
          header: text(card.memberName),
          hexBackgroundColor: "#111827",
          barcode: { type: "QR_CODE", value: walletBarcodeMessage(card) },
        },
      ],
    },
  };
  const jwt = await new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", typ: "JWT" })
    .setIssuer(config.serviceAccountEmail)
    .setAudience("google")
    .setIssuedAt(Math.floor(opts.now.getTime() / 1000))
    .sign(createPrivateKey({ key: config.privateKey, format: "pem" }));
  return `${GOOGLE_SAVE_URL}${jwt}`;
}

/**
 * W1: the signed-in member's own "Save to Google Wallet" link (members only).
 * Its `origins` name the app's configured origin (APP_URL), else `opts.origin`,
 * the one the request came in at. Not found when Google Wallet is not
 * configured; a `WalletConfigError` when it is configured wrongly.
 */
export async function getMyGoogleWalletUrl(
  ctx: Ctx,
  opts: { origin: string },
  env: Env = process.env,
): Promise<string> {
  const card = await myWalletCard(ctx);
  const config = googleWalletConfig(env);
  if (!config) throw new NotFoundError("Google Wallet pass");
  return buildGoogleSaveUrl(config, card, { origins: [appOrigin(env) ?? opts.origin], now: ctx.now });
}
