import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { bookings } from "@/db/schema";
import { bookSession } from "@/lib/bookings/book-session";
import { getClientCard } from "@/lib/cards/get-card";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { call, keyFor } from "@/test/support/api";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import * as checkInRoute from "@/app/api/v1/check-ins/route";

/** A zone where it is now between 06:00 and 18:00, so a session two hours from now is still today there. */
function daytimeZone(now = new Date()): string {
  const zones = ["UTC", "Asia/Tokyo", "America/New_York", "Asia/Kolkata", "America/Los_Angeles", "Pacific/Auckland"];
  return zones.find((timeZone) => {
    const h = Number(new Intl.DateTimeFormat("en-GB", { timeZone, hour: "numeric", hourCycle: "h23" }).format(now));
    return h >= 6 && h < 18;
  })!;
}

describe("POST /api/v1/check-ins", () => {
  it("O2: checks a booked client in by id (200) and a walk-in by card (201), with each membership's canPay; a pack at 0 refuses with its rule code", async () => {
    const a = await makeStudio({ timezone: daytimeZone() });
    const b = await makeStudio();
    const owner = await a.owner();
    const key = await keyFor(a);
    const soon = new Date(Date.now() + 2 * 3600_000);
    const { session } = await makeSession(owner, { startsAt: soon, dropInPriceCents: 3000 });
    const booked = await makeClient(owner, "Api Booked");
    const { booking } = await bookSession(owner, { sessionId: session.id, clientId: booked.id });

    const ok = await call(checkInRoute.POST, { key, method: "POST", body: { clientId: booked.id } });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      client: { id: booked.id, name: "Api Booked", email: booked.email },
      booking: expect.objectContaining({ id: booking.id, present: true, status: "booked" }),
      memberships: [],
    });

    const walkIn = await makeClient(owner, "Api Walk");
    const plan = await makePlan(owner, PLANS.pack(10));
    const { membership: empty } = await assignMembership(owner, {
      planId: plan.id,
      clientId: walkIn.id,
      sessionsRemaining: 0,
    });
    const { token } = await getClientCard(owner, walkIn.id);
    const refused = await call(checkInRoute.POST, {
      key,
      method: "POST",
      body: { cardToken: token, sessionId: session.id },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("no_sessions_left");
    expect(await owner.db.select().from(bookings).where(eq(bookings.clientId, walkIn.id))).toEqual([]);

    const { membership: fresh } = await assignMembership(await a.owner(), {
      planId: plan.id,
      clientId: walkIn.id,
    });
    const made = await call(checkInRoute.POST, {
      key,
      method: "POST",
      body: { cardToken: token, sessionId: session.id },
    });
    expect([made.status, made.body.error]).toEqual([201, undefined]);
    expect(made.body.booking).toMatchObject({ clientId: walkIn.id, present: true, membershipId: fresh.id });
    expect(made.body.memberships).toEqual(
      expect.arrayContaining([
        { id: fresh.id, plan: { id: plan.id, name: plan.name }, status: "active", canPay: true },
        { id: empty.id, plan: { id: plan.id, name: plan.name }, status: "active", canPay: false },
      ]),
    );

    // Another studio's key: not found; bad input: 400 with fields; no key: 401.
    const cross = await call(checkInRoute.POST, {
      key: await keyFor(b),
      method: "POST",
      body: { clientId: booked.id },
    });
    expect(cross.status).toBe(404);
    const bad = await call(checkInRoute.POST, {
      key,
      method: "POST",
      body: { clientId: booked.id, cardToken: token },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.clientId).toBeDefined();
    const extra = await call(checkInRoute.POST, { key, method: "POST", body: { clientId: booked.id, x: 1 } });
    expect(extra.status).toBe(400);
    expect((await call(checkInRoute.POST, { method: "POST", body: { clientId: booked.id } })).status).toBe(401);
  });
});
