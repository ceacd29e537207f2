import { NextResponse, type NextRequest } from "next/server";
import { embedFrameAncestors } from "@/lib/embed/framing";
import { EMBED_PREFIX, securityHeaders } from "@/lib/security/csp";

const dev = process.env.NODE_ENV !== "production";

/**
 * Every response carries the security headers (issue 9 "Headers", issue 14),
 * set here, before the route runs, so pages, server-action posts, redirects,
 * API answers and not-found pages alike have them, whatever the path's case
 * (`/Embed/...` is not the embed: it gets the locked-down set).
 *
 * E3: the embedded signup flow (`/embed/<studio>/…`, exactly this case, as its
 * routes are) may be framed by exactly the origins its studio lists in
 * Settings → Embed, and by nobody else. It has deliberately no X-Frame-Options
 * (it cannot list origins) and no Cross-Origin-Opener-Policy (the sign-in popup
 * reports back to its frame). Every other path is unframeable
 * (`frame-ancestors 'none'`, X-Frame-Options DENY). Built assets
 * (`/_next/static`, `/_next/image`) get the same locked-down set from
 * next.config.ts.
 */
export async function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  const response = NextResponse.next();
  if (path.startsWith(EMBED_PREFIX)) {
    const slug = path.split("/")[2] ?? "";
    const origins = await embedFrameAncestors(slug);
    for (const { key, value } of securityHeaders({ dev, frameAncestors: origins })) response.headers.set(key, value);
    response.headers.set("Cache-Control", "private, no-store");
  } else {
    for (const { key, value } of securityHeaders({ dev, frameAncestors: null })) response.headers.set(key, value);
  }
  return response;
}

export const config = { matcher: ["/((?!_next/static/|_next/image).*)"] };
