import { createHash } from "node:crypto";
import { type Ctx } from "@/lib/core/ctx";
import { cardQrContent } from "./card-content";
import { getMyCard } from "./get-card";

/** W1: what a wallet pass shows and carries: the same card as the portal page. */
export type WalletCard = {
  studioName: string;
  memberName: string;
  /** The card token; the pass's barcode carries `cardQrContent(token)`, exactly the portal QR's content. */
  token: string;
};

/** The signed-in member's own card, for a wallet pass (members only; another studio's client is not found). */
export async function myWalletCard(ctx: Ctx): Promise<WalletCard> {
  const card = await getMyCard(ctx);
  return { studioName: ctx.studio.name, memberName: card.client.name, token: card.token };
}

/** The barcode's message: the portal QR's content, so the desk scans a wallet pass as it scans the page. */
export function walletBarcodeMessage(card: WalletCard): string {
  return cardQrContent(card.token);
}

/**
 * A stable id for one card token's pass (Apple's serial number, Google's object
 * id suffix): a hash, so it names the card without being it, and a replaced
 * card gets a new pass rather than an update of the old one.
 */
export function walletPassId(card: WalletCard): string {
  return createHash("sha256").update(`roster-wallet:${card.token}`).digest("hex").slice(0, 40);
}
