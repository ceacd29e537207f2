import { PKPass } from "passkit-generator";
import { type Ctx } from "@/lib/core/ctx";
import { NotFoundError } from "@/lib/core/errors";
import { appleWalletConfig, type AppleWalletConfig, type Env } from "./wallet-config";
import { myWalletCard, walletBarcodeMessage, walletPassId, type WalletCard } from "./wallet-card";
import { solidPng } from "./wallet-icon";

export const APPLE_PASS_CONTENT_TYPE = "application/vnd.apple.pkpass";

const INK: [number, number, number] = [17, 24, 39];

/**
 * W1: the member card as an Apple Wallet pass (a signed `.pkpass`): a generic
 * pass with the studio's name, the member's name and a QR code carrying the
 * portal QR's content (`roster-card:<token>`), so the desk scans it as today.
 * The pass has no web service: replacing the card or erasing the client does
 * not remove it from the phone, but its token is then refused at scan.
 */
export async function buildApplePass(config: AppleWalletConfig, card: WalletCard): Promise<Buffer> {
  const passJson = {
    formatVersion: 1,
    passTypeIdentifier: config.passTypeId,
    teamIdentifier: config.teamId,
    serialNumber: walletPassId(card),
    organizationName: card.studioName,
    description: `${card.studioName} member card`,
    logoText: card.studioName,
    foregroundColor: "rgb(255, 255, 255)",
    backgroundColor: `rgb(${INK.join(", ")})`,
    labelColor: "rgb(209, 213, 219)",
    sharingProhibited: true,
    generic: {
      primaryFields: [{ key: "member", label: "Member", value: card.memberName }],
      secondaryFields: [{ key: "studio", label: "Studio", value: card.studioName }],
      backFields: [
        {
          key: "about",
          label: "About this card",
          value: `Show this card at ${card.studioName}'s front desk to check in. If the studio replaces your card, this pass stops working: add the new one from your member card page.`,
        },
      ],
    },
    barcodes: [{ format: "PKBarcodeFormatQR", message: walletBarcodeMessage(card), messageEncoding: "iso-8859-1" }],
  };
  const pass = new PKPass(
    {
      "pass.json": Buffer.from(JSON.stringify(passJson)),
      "icon.png": solidPng(29, INK),
      "icon@2x.png": solidPng(58, INK),
      "icon@3x.png": solidPng(87, INK),
    },
    {
      wwdr: config.wwdr,
      signerCert: config.signerCert,
      signerKey: config.signerKey,
      signerKeyPassphrase: config.signerKeyPassphrase,
    },
  );
  return pass.getAsBuffer();
}

/**
 * W1: the signed-in member's own card as a `.pkpass` (members only). Not found
 * when Apple Wallet is not configured; a `WalletConfigError` when it is
 * configured wrongly.
 */
export async function getMyApplePass(
  ctx: Ctx,
  env: Env = process.env,
): Promise<{ filename: string; contentType: string; body: Buffer }> {
  const card = await myWalletCard(ctx);
  const config = appleWalletConfig(env);
  if (!config) throw new NotFoundError("Apple Wallet pass");
  return {
    filename: "member-card.pkpass",
    contentType: APPLE_PASS_CONTENT_TYPE,
    body: await buildApplePass(config, card),
  };
}
