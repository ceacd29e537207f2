import { getMemberContext, sessionUserId } from "@/lib/auth";
import { getMyApplePass } from "@/lib/cards";
import { NotFoundError } from "@/lib/core/errors";
import { findStudioBySlug } from "@/lib/studios";

export const dynamic = "force-dynamic";

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/** W1: the signed-in member's own card as an Apple Wallet pass. Not found without Apple Wallet's settings. */
export async function GET(_: Request, { params }: { params: Promise<{ studio: string }> }) {
  const { studio: slug } = await params;
  const studio = await findStudioBySlug(slug);
  if (!studio) return text("Not found", 404);
  const member = await getMemberContext(studio);
  if (!member) {
    // Signed in but no client here (another studio's member): this studio has no card of theirs.
    return (await sessionUserId())
      ? text("Not found", 404)
      : text("Sign in to add your member card to Apple Wallet.", 401);
  }
  try {
    const pass = await getMyApplePass(member);
    return new Response(new Uint8Array(pass.body), {
      headers: {
        "content-type": pass.contentType,
        "content-disposition": `attachment; filename="${pass.filename}"`,
        "cache-control": "private, no-store",
      },
    });
  } catch (err) {
    if (err instanceof NotFoundError) return text("Not found", 404);
    throw err;
  }
}
