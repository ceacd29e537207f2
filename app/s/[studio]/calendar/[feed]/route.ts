import { getDb } from "@/db";
import { findStudioBySlug } from "@/lib/studios";
import { calendarFeedContext } from "@/lib/bookings/calendar-feed";
import { memberBookingsCalendar } from "../../bookings/calendar.ics/ics";

export const dynamic = "force-dynamic";

const notFound = () =>
  new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * A member's bookings feed for calendar apps, which subscribe without a session:
 * the secret token in the URL names the member (GET /s/<studio>/calendar/<token>.ics).
 * An unknown or reset token, an erased client or one whose portal access is off reads as not found.
 */
export async function GET(_: Request, { params }: { params: Promise<{ studio: string; feed: string }> }) {
  const { studio: slug, feed } = await params;
  const studio = await findStudioBySlug(slug);
  if (!studio) return notFound();
  const member = await calendarFeedContext(await getDb(), studio, feed.replace(/\.ics$/, ""));
  return member ? memberBookingsCalendar(member) : notFound();
}
