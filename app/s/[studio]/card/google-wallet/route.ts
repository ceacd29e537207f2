import { getMyGoogleWalletUrl } from "@/lib/cards";
import { walletRoute } from "../wallet-route";

export const dynamic = "force-dynamic";

/**
 * W1: sends the signed-in member to Google Wallet with their own card (a signed
 * "save" link, made on request). Not found without Google Wallet's settings.
 */
export async function GET(req: Request, { params }: { params: Promise<{ studio: string }> }) {
  return walletRoute(params, "Sign in to save your member card to Google Wallet.", async (member) => {
    const url = await getMyGoogleWalletUrl(member, { origin: new URL(req.url).origin });
    return new Response(null, { status: 303, headers: { location: url, "cache-control": "private, no-store" } });
  });
}
