import { describe, expect, it } from "vitest";
import { dayInZone, lastDayOf, nextDay, zonedDayStart } from "@/lib/core/time";

describe("days in the studio's zone", () => {
  it("a typed day starts at local midnight, also across daylight-saving changes", () => {
    expect(zonedDayStart("2026-01-15", "Europe/Warsaw")?.toISOString()).toBe("2026-01-14T23:00:00.000Z");
    expect(zonedDayStart("2026-07-15", "Europe/Warsaw")?.toISOString()).toBe("2026-07-14T22:00:00.000Z");
    // Clocks go forward on 29 March 2026 at 02:00 in Warsaw; midnight is still +01:00.
    expect(zonedDayStart("2026-03-29", "Europe/Warsaw")?.toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(zonedDayStart("2026-03-30", "Europe/Warsaw")?.toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(zonedDayStart("2026-11-02", "America/New_York")?.toISOString()).toBe("2026-11-02T05:00:00.000Z");
    expect(zonedDayStart("2026-05-01", "UTC")?.toISOString()).toBe("2026-05-01T00:00:00.000Z");
  });

  it("refuses text that is no real day", () => {
    expect(zonedDayStart("2026-02-30", "UTC")).toBeNull();
    expect(zonedDayStart("tomorrow", "UTC")).toBeNull();
    expect(zonedDayStart("", "UTC")).toBeNull();
  });

  it("round-trips with the day shown, and an exclusive end shows its last covered day", () => {
    const start = zonedDayStart("2026-03-02", "Asia/Tokyo")!;
    expect(dayInZone(start, "Asia/Tokyo")).toBe("2026-03-02");
    expect(nextDay("2026-02-28")).toBe("2026-03-01");
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
    const end = zonedDayStart(nextDay("2026-03-31")!, "Europe/Warsaw")!;
    expect(dayInZone(lastDayOf(end), "Europe/Warsaw")).toBe("2026-03-31");
  });
});
