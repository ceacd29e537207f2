import { findStudioBySlug, getMemberContext } from "@/lib/auth/context";
import { listMyBookings } from "@/lib/bookings/my-bookings";
import { buildCalendar } from "./ics";

export const dynamic = "force-dynamic";

/**
 * The signed-in member's booked sessions (and its household's, H1) as an iCalendar feed (times in UTC,
 * so any calendar shows them in its own zone). Authenticated by the session
 * cookie for now: a calendar app subscribing without the cookie gets 401.
 */
export async function GET(_: Request, { params }: { params: Promise<{ studio: string }> }) {
  const { studio: slug } = await params;
  const studio = await findStudioBySlug(slug);
  if (!studio) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  const member = await getMemberContext(studio);
  if (!member) {
    return new Response("Sign in to get your bookings calendar.", { status: 401, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const mine = await listMyBookings(member);
  const body = buildCalendar({
    name: `${studio.name} bookings`,
    now: member.now,
    events: mine
      .filter((b) => b.status === "booked" && !b.session.cancelledAt)
      .map((b) => ({
        uid: `booking-${b.id}@roster`,
        start: b.session.startsAt,
        end: b.session.endsAt,
        // H1: a household's bookings say who attends.
        summary: b.attendee.relation === "me" ? `${b.cls.title} · ${studio.name}` : `${b.cls.title} (${b.attendee.name}) · ${studio.name}`,
        location: b.cls.location,
      })),
  });
  return new Response(body, {
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": `inline; filename="${studio.slug}-bookings.ics"`,
      "cache-control": "private, no-store",
    },
  });
}
