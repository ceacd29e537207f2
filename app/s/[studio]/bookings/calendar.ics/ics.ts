import type { Ctx } from "@/lib/core/ctx";
import { listMyBookings } from "@/lib/bookings/my-bookings";
/** A minimal iCalendar (RFC 5545) writer for the member's bookings feed. */

export type IcsEvent = {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  location?: string | null;
  description?: string | null;
};

/** RFC 5545 §3.3.11 TEXT: backslash, semicolon and comma escaped, newlines as \n. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** An instant as a UTC DATE-TIME: 20260504T080000Z. */
export function utcStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** RFC 5545 §3.1: lines longer than 75 octets are folded with CRLF and one space, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/** A VCALENDAR with one VEVENT per event, CRLF line endings. */
export function buildCalendar(opts: { name: string; now: Date; events: IcsEvent[] }): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Roster//Member bookings//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(opts.name)}`,
  ];
  const stamp = utcStamp(opts.now);
  for (const e of opts.events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${e.uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${utcStamp(e.start)}`,
      `DTEND:${utcStamp(e.end)}`,
      `SUMMARY:${escapeText(e.summary)}`,
    );
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

/**
 * The bookings feed of a member (and its household's, H1): booked sessions
 * only, times in UTC so any calendar shows them in its own zone.
 */
export async function memberBookingsCalendar(member: Ctx): Promise<Response> {
  const { studio } = member;
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
        summary:
          b.attendee.relation === "me"
            ? `${b.cls.title} · ${studio.name}`
            : `${b.cls.title} (${b.attendee.name}) · ${studio.name}`,
        location: b.cls.location,
        // T3: who teaches it.
        description: b.session.instructorName ? `Instructor: ${b.session.instructorName}` : null,
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
