import { getMemberContext } from "@/lib/auth";
import { findStudioBySlug } from "@/lib/studios";
import { memberBookingsCalendar } from "./ics";

export const dynamic = "force-dynamic";

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * The signed-in member's bookings as a one-off .ics download (session cookie).
 * Calendar apps subscribe to the secret feed URL instead: /s/<studio>/calendar/<token>.ics.
 */
export async function GET(_: Request, { params }: { params: Promise<{ studio: string }> }) {
  const { studio: slug } = await params;
  const studio = await findStudioBySlug(slug);
  if (!studio) return text("Not found", 404);
  const member = await getMemberContext(studio);
  if (!member) return text("Sign in to get your bookings calendar.", 401);
  return memberBookingsCalendar(member);
}
