import { describe, expect, it } from "vitest";
import { buildCalendar, escapeText, foldLine, utcStamp } from "./ics";

describe("iCalendar feed (RFC 5545)", () => {
  it("escapes TEXT: backslash, semicolon, comma and newlines", () => {
    expect(escapeText("Yoga; flow, \\ level 1\nRoom 2")).toBe("Yoga\\; flow\\, \\\\ level 1\\nRoom 2");
  });

  it("writes instants as UTC DATE-TIME", () => {
    expect(utcStamp(new Date("2026-05-04T08:30:00.123Z"))).toBe("20260504T083000Z");
  });

  it("folds long lines at 75 octets without splitting a character", () => {
    const folded = foldLine(`SUMMARY:${"é".repeat(60)}`);
    const lines = folded.split("\r\n");
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(new TextEncoder().encode(l).length).toBeLessThanOrEqual(75);
    expect(lines.map((l, i) => (i ? l.slice(1) : l)).join("")).toBe(`SUMMARY:${"é".repeat(60)}`);
  });

  it("builds a VCALENDAR with one VEVENT per booking, CRLF endings", () => {
    const ics = buildCalendar({
      name: "Studio, bookings",
      now: new Date("2026-05-01T00:00:00Z"),
      events: [
        {
          uid: "booking-1@roster",
          start: new Date("2026-05-04T08:00:00Z"),
          end: new Date("2026-05-04T09:00:00Z"),
          summary: "Vinyasa",
          location: "Room 1; upstairs",
        },
      ],
    });
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics).toContain(
      "\r\nBEGIN:VEVENT\r\nUID:booking-1@roster\r\nDTSTAMP:20260501T000000Z\r\nDTSTART:20260504T080000Z\r\nDTEND:20260504T090000Z\r\nSUMMARY:Vinyasa\r\nLOCATION:Room 1\\; upstairs\r\nEND:VEVENT\r\n",
    );
    expect(ics).toContain("X-WR-CALNAME:Studio\\, bookings");
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
  });
});
