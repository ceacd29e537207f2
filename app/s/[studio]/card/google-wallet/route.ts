import { getMemberContext, sessionUserId } from "@/lib/auth";
import { getMyGoogleWalletUrl } from "@/lib/cards";
import { NotFoundError } from "@/lib/core/errors";
import { findStudioBySlug } from "@/lib/studios";

export const dynamic = "force-dynamic";

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * W1: sends the signed-in member to Google Wallet with their own card (a signed
 * "save" link, made on request). Not found without Google Wallet's settings.
 */
export async function GET(req: Request, { params }: { params: Promise<{ studio: string }> }) {
  const { studio: slug } = await params;
  const studio = await findStudioBySlug(slug);
  if (!studio) return text("Not found", 404);
  const member = await getMemberContext(studio);
  if (!member) {
    // Signed in but no client here (another studio's member): this studio has no card of theirs.
    return (await sessionUserId())
      ? text("Not found", 404)
      : text("Sign in to save your member card to Google Wallet.", 401);
  }
  const configured = process.env.APP_URL?.trim() || process.env.AUTH_URL?.trim();
  const origin = new URL(configured || req.url).origin;
  try {
    const url = await getMyGoogleWalletUrl(member, { origin });
    return new Response(null, { status: 303, headers: { location: url, "cache-control": "private, no-store" } });
  } catch (err) {
    if (err instanceof NotFoundError) return text("Not found", 404);
    throw err;
  }
}
