import { NextResponse, type NextRequest } from "next/server";
import { embedFrameAncestors } from "@/lib/embed/framing";
import { commonSecurityHeaders, contentSecurityPolicy } from "@/lib/security/csp";

const dev = process.env.NODE_ENV !== "production";

/**
 * E3: the embedded signup flow (`/embed/<studio>/…`) may be framed by exactly
 * the origins its studio lists in Settings → Embed, and by nobody else. The
 * header goes on every response of the flow — pages, server-action posts,
 * redirects and not-found — because it is set here, before the route runs.
 * There is deliberately no X-Frame-Options (it cannot list origins) and no
 * Cross-Origin-Opener-Policy (the sign-in popup reports back to its frame).
 * Every other page gets `frame-ancestors 'none'` from next.config.ts.
 */
export async function proxy(request: NextRequest) {
  const slug = request.nextUrl.pathname.split("/")[2] ?? "";
  const response = NextResponse.next();
  const origins = await embedFrameAncestors(slug);
  response.headers.set("Content-Security-Policy", contentSecurityPolicy({ dev, frameAncestors: origins }));
  for (const { key, value } of commonSecurityHeaders) response.headers.set(key, value);
  response.headers.set("Cache-Control", "private, no-store");
  return response;
}

export const config = { matcher: ["/embed/:path*"] };
