import { NextResponse, type NextRequest } from "next/server";
import { findStudioBySlug } from "@/lib/studios";
import { EMBED_COOKIE, embedCookieOptions, openEmbedSession, sealEmbedSession } from "@/lib/embed";

export const dynamic = "force-dynamic";

/**
 * The step between signing in and the next page of the flow (E2): the sign-in
 * form posts its two-minute handoff here as an ordinary form (a top-level
 * navigation of the frame); the answer sets the embed cookie and sends the
 * browser on with `signed=1`. That next page is then a fresh request carrying
 * exactly the cookies the browser kept, so a browser that refuses cookies in
 * frames is seen as such and offered the popup instead of a sign-in loop.
 * Only the flow's own pages may post here (login CSRF): Origin must be ours.
 */
export async function POST(request: NextRequest, { params }: { params: Promise<{ studio: string }> }) {
  const { studio: slug } = await params;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const origin = request.headers.get("origin");
  if (!origin || !host || !URL.canParse(origin) || new URL(origin).host !== host)
    return new NextResponse("Forbidden", { status: 403 });
  const studio = await findStudioBySlug(slug);
  if (!studio) return new NextResponse("Not found", { status: 404 });

  const form = await request.formData().catch(() => null);
  if (!form) return new NextResponse("Send the form the sign-in page makes.", { status: 400 });
  const now = new Date();
  const handoff = openEmbedSession(String(form.get("handoff") ?? ""), studio.id, now, "handoff");
  const next = String(form.get("next") ?? "");
  // Only a page of this studio's flow, judged after the URL is resolved ("..", "//host" and the like).
  const home = `/embed/${studio.slug}`;
  let target = new URL(next.startsWith("/") ? next : home, "http://roster.invalid");
  if (
    target.origin !== "http://roster.invalid" ||
    !(target.pathname === home || target.pathname.startsWith(`${home}/`))
  ) {
    target = new URL(home, "http://roster.invalid");
  }
  if (handoff) target.searchParams.set("signed", "1");
  // A relative Location: the browser stays on whatever origin it reached us at.
  const response = new NextResponse(null, { status: 303, headers: { location: `${target.pathname}${target.search}` } });
  if (handoff) response.cookies.set(EMBED_COOKIE, sealEmbedSession(handoff, now), embedCookieOptions(studio.slug));
  return response;
}

/**
 * Whether this browser sent back a valid sign-in cookie for the studio's flow
 * (E2). The token handoff (bridge.tsx) lands in the background while the
 * visitor stays free to move on, then asks here whether the frame kept the
 * cookie, instead of judging it from a page it would have to reload. Says
 * nothing but yes or no about the caller's own cookie.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ studio: string }> }) {
  const studio = await findStudioBySlug((await params).studio);
  if (!studio) return NextResponse.json({ signedIn: false }, { status: 404, headers: { "cache-control": "no-store" } });
  const session = openEmbedSession(request.cookies.get(EMBED_COOKIE)?.value, studio.id, new Date());
  return NextResponse.json({ signedIn: Boolean(session) }, { headers: { "cache-control": "no-store" } });
}
