import { describe, expect, it } from "vitest";
import type { Membership } from "@/db/schema";
import { canPay, payStanding } from "./effective-status";

const NOW = new Date("2026-03-02T09:00:00Z");
const day = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
const base: Pick<
  Membership,
  "status" | "startsAt" | "endsAt" | "suspendedFrom" | "suspendedUntil" | "sessionsRemaining"
> = {
  status: "active",
  startsAt: day(-5),
  endsAt: day(20),
  suspendedFrom: null,
  suspendedUntil: null,
  sessionsRemaining: 3,
};

describe("payStanding", () => {
  it("O2, M4: only an active, started membership with a session left (or no count) can pay; each other case names why", () => {
    const cases: [Partial<typeof base>, string][] = [
      [{}, "active"],
      [{ sessionsRemaining: null }, "active"],
      [{ sessionsRemaining: 0 }, "no_sessions_left"],
      [{ startsAt: day(1) }, "not_started"],
      [{ status: "past_due" }, "past_due"],
      [{ suspendedFrom: day(-1), suspendedUntil: day(3) }, "suspended"],
      [{ endsAt: day(-1) }, "expired"],
      [{ status: "cancelled", sessionsRemaining: 5 }, "cancelled"],
      [{ endsAt: NOW }, "expired"],
    ];
    for (const [change, want] of cases) {
      const m = { ...base, ...change };
      expect([change, payStanding(m, NOW)]).toEqual([change, want]);
      expect(canPay(m, NOW)).toBe(want === "active");
    }
  });
});
