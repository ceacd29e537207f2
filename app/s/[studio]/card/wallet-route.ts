import { getMemberContext, sessionUserId } from "@/lib/auth";
import type { Ctx } from "@/lib/core/ctx";
import { NotFoundError } from "@/lib/core/errors";
import { findStudioBySlug } from "@/lib/studios";

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * W1: the shared door of the wallet routes: the studio of the path, then the
 * signed-in member's own context there, before `answer` makes the pass. Signed
 * out: 401 with `signIn`. Signed in but no client here (another studio's
 * member), an unknown studio, or a wallet without its settings: 404.
 */
export async function walletRoute(
  params: Promise<{ studio: string }>,
  signIn: string,
  answer: (member: Ctx) => Promise<Response>,
): Promise<Response> {
  const studio = await findStudioBySlug((await params).studio);
  if (!studio) return text("Not found", 404);
  const member = await getMemberContext(studio);
  if (!member) return (await sessionUserId()) ? text("Not found", 404) : text(signIn, 401);
  try {
    return await answer(member);
  } catch (err) {
    if (err instanceof NotFoundError) return text("Not found", 404);
    throw err;
  }
}
