import { describe, expect, it } from "vitest";
import { makeStudio } from "@/test/support/fixtures";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeClient } from "@/test/support/membership-fixtures";
import { historyStatus } from "@/lib/crm/client-history";
import { getAttendance, markAttendance } from "./attendance";
import { bookSession } from "./book-session";
import { cancelBooking } from "./cancel-booking";

const T0 = new Date("2026-06-01T08:00:00Z");

describe("O6: attendance", () => {
  it("O6: present and no-show can both be undone, and the rows keep their order whatever is marked", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const { session } = await makeSession(owner, { startsAt: new Date("2026-06-01T09:00:00Z") });
    const names = ["Cleo", "Abel", "Bruno", "Dora"];
    const booked = new Map<string, string>();
    for (const n of names) {
      const c = await makeClient(owner, n);
      booked.set(n, (await bookSession(owner, { sessionId: session.id, clientId: c.id, by: "staff" })).booking.id);
    }
    await cancelBooking(owner, booked.get("Abel")!, { by: "staff" });
    const order = async () => (await getAttendance(owner, session.id)).map((r) => r.clientName);
    const before = await order();
    expect(before).toEqual(["Bruno", "Cleo", "Dora", "Abel"]);

    const bruno = booked.get("Bruno")!;
    expect(await markAttendance(owner, bruno, { status: "no_show" })).toMatchObject({
      status: "no_show",
      present: false,
    });
    expect(await order()).toEqual(before);
    // Undo the no-show.
    expect(await markAttendance(owner, bruno, { status: "booked" })).toMatchObject({
      status: "booked",
      present: false,
    });
    // Present, then undone.
    expect(await markAttendance(owner, bruno, { present: true })).toMatchObject({ status: "booked", present: true });
    expect(await order()).toEqual(before);
    expect(await markAttendance(owner, bruno, { present: false })).toMatchObject({ status: "booked", present: false });
    // A no-show marked present came after all: the no-show is undone.
    await markAttendance(owner, bruno, { status: "no_show" });
    expect(await markAttendance(owner, bruno, { present: true })).toMatchObject({ status: "booked", present: true });
    await expect(markAttendance(owner, booked.get("Abel")!, { present: true })).rejects.toMatchObject({
      code: "booking_not_active",
    });
    await expect(markAttendance(owner, bruno, { status: "cancelled" as "booked" })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  it("O6: the same word on every page: a booked row marked present is Attended before the session ends", () => {
    const end = new Date("2026-06-01T10:00:00Z");
    expect(historyStatus("booked", end, T0, true)).toBe("attended");
    expect(historyStatus("booked", end, T0, false)).toBe("booked");
    expect(historyStatus("no_show", end, T0, false)).toBe("no_show");
  });
});
