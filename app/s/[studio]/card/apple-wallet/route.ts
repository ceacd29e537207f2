import { getMyApplePass } from "@/lib/cards";
import { walletRoute } from "../wallet-route";

export const dynamic = "force-dynamic";

/** W1: the signed-in member's own card as an Apple Wallet pass. Not found without Apple Wallet's settings. */
export async function GET(_: Request, { params }: { params: Promise<{ studio: string }> }) {
  return walletRoute(params, "Sign in to add your member card to Apple Wallet.", async (member) => {
    const pass = await getMyApplePass(member);
    return new Response(new Uint8Array(pass.body), {
      headers: {
        "content-type": pass.contentType,
        "content-disposition": `attachment; filename="${pass.filename}"`,
        "cache-control": "private, no-store",
      },
    });
  });
}
