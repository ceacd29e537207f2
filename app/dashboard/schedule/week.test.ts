import { describe, expect, it } from "vitest";
import { gridHours, minutesOfDay, placeDay, studioWeek } from "./week";
import { formatTime } from "@/lib/core/format";

describe("studioWeek", () => {
  it("B6: the week runs Monday to Sunday in the studio's calendar, not UTC's", () => {
    // Sunday 23:30 UTC is already Monday 08:30 in Tokyo: Tokyo's week starts that Monday.
    const now = new Date("2026-03-01T23:30:00Z");
    const tokyo = studioWeek(undefined, now, "Asia/Tokyo");
    expect(tokyo.monday).toBe("2026-03-02");
    expect(tokyo.from.toISOString()).toBe("2026-03-01T15:00:00.000Z");
    expect(tokyo.to.toISOString()).toBe("2026-03-08T15:00:00.000Z");
    const utc = studioWeek(undefined, now, "UTC");
    expect(utc.monday).toBe("2026-02-23");
    expect(utc.days).toEqual([
      "2026-02-23",
      "2026-02-24",
      "2026-02-25",
      "2026-02-26",
      "2026-02-27",
      "2026-02-28",
      "2026-03-01",
    ]);
  });

  it("B6: a week holding a daylight-saving change is 167 hours long and ?week= snaps to its Monday", () => {
    const w = studioWeek("2026-03-29", new Date("2026-01-01T12:00:00Z"), "Europe/Berlin");
    expect(w.monday).toBe("2026-03-23");
    expect(w.to.getTime() - w.from.getTime()).toBe(167 * 3_600_000);
    expect(w.previous).toBe("2026-03-16");
    expect(w.next).toBe("2026-03-30");
    expect(w.isCurrent).toBe(false);
    expect(formatTime(new Date("2026-03-30T16:30:00Z"), "Europe/Berlin")).toBe("18:30");
  });

  it("falls back to this week for text that is no real day", () => {
    const now = new Date("2026-05-13T12:00:00Z");
    expect(studioWeek("2026-02-30", now, "UTC").monday).toBe("2026-05-11");
    expect(studioWeek("next", now, "UTC").isCurrent).toBe(true);
  });
});

describe("the week's time grid", () => {
  it("O1: sessions are placed by the studio's wall clock; overlapping ones share lanes, others take the full width", () => {
    expect(minutesOfDay(new Date("2026-03-30T16:30:00Z"), "Europe/Warsaw")).toBe(18 * 60 + 30);
    const s = (start: number, len: number) => ({ start, len });
    const placed = placeDay(
      [s(600, 60), s(630, 60), s(660, 30), s(900, 90), s(23 * 60 + 30, 90)],
      (x) => x.start,
      (x) => x.len,
    );
    expect(placed.map((p) => [p.start, p.end, p.lane, p.lanes])).toEqual([
      [600, 660, 0, 2],
      [630, 690, 1, 2],
      [660, 690, 0, 2],
      [900, 990, 0, 1],
      [1410, 1440, 0, 1],
    ]);
    expect(gridHours(placed)).toEqual({ first: 8, last: 24 });
    expect(gridHours([{ start: 6 * 60 + 30, end: 9 * 60 }])).toEqual({ first: 6, last: 20 });
  });
});
