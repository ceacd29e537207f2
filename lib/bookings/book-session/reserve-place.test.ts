import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { classSessions } from "@/db/schema";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio } from "@/test/support/fixtures";
import { reservePlace } from "./reserve-place";

// Step 4 of bookSession: the place, by one check-and-change (B1).

const T0 = new Date("2026-05-04T08:00:00Z");

describe("reservePlace", () => {
  it("B1: takes places up to the capacity, then class_full; a cancelled or started session has none", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const { session } = await makeSession(owner, { startsAt: new Date(T0.getTime() + 86_400_000), capacity: 2 });
    await reservePlace(owner, session.id);
    await reservePlace(owner, session.id);
    await expect(reservePlace(owner, session.id)).rejects.toMatchObject({ code: "class_full" });
    const count = async () =>
      (
        await owner.db
          .select()
          .from(classSessions)
          .where(and(eq(classSessions.studioId, s.studio.id), eq(classSessions.id, session.id)))
      )[0]!.bookedCount;
    expect(await count()).toBe(2);

    const open = await makeSession(owner, { startsAt: new Date(T0.getTime() + 3600_000) });
    await expect(
      reservePlace({ ...owner, now: new Date(T0.getTime() + 7200_000) }, open.session.id),
    ).rejects.toMatchObject({ code: "class_full" });
    await owner.db.update(classSessions).set({ cancelledAt: T0 }).where(eq(classSessions.id, open.session.id));
    await expect(reservePlace(owner, open.session.id)).rejects.toMatchObject({ code: "class_full" });
    // Another studio's session is never touched.
    const other = await makeStudio();
    await expect(reservePlace(await other.owner(T0), session.id)).rejects.toMatchObject({ code: "class_full" });
    expect(await count()).toBe(2);
  });
});
