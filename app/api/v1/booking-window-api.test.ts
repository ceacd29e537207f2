import { describe, expect, it } from "vitest";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { call, keyFor } from "@/test/support/api";
import { makeSession } from "@/test/support/booking-fixtures";
import * as clientsRoute from "./clients/route";
import * as plansRoute from "./plans/route";
import * as membershipsRoute from "./memberships/route";
import * as bookingsRoute from "./bookings/route";
import * as settingsRoute from "./studio/settings/route";

const DAY = 86_400_000;

describe("platform API: booking windows (B8) and the waitlist cutoff (B10)", () => {
  it("B8: PATCH /studio/settings takes the window; a booking by: member outside it is 409 booking_not_open, staff book", async () => {
    const s = await makeStudio();
    const key = await keyFor(s);
    const patched = await call(settingsRoute.PATCH, {
      key,
      method: "PATCH",
      body: { bookingOpensDaysBefore: 2, bookingClosesMinutesBefore: 30, waitlistCutoffHours: 4 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.settings).toMatchObject({
      bookingOpensDaysBefore: 2,
      bookingClosesMinutesBefore: 30,
      waitlistCutoffHours: 4,
    });
    const bad = await call(settingsRoute.PATCH, {
      key,
      method: "PATCH",
      body: { bookingOpensDaysBefore: -3, waitlistCutoffHours: 1000 },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["bookingOpensDaysBefore", "waitlistCutoffHours"]);

    const { session } = await makeSession(await s.owner(), {
      startsAt: new Date(Date.now() + 5 * DAY),
      dropInPriceCents: 0,
    });
    const sessionId = session.id;
    const client = await call(clientsRoute.POST, { key, method: "POST", body: { email: uniqueEmail(), name: "Al" } });
    const asMember = await call(bookingsRoute.POST, {
      key,
      method: "POST",
      body: { sessionId, clientId: client.body.id, by: "member" },
    });
    expect(asMember.status).toBe(409);
    expect(asMember.body.error.code).toBe("booking_not_open");
    expect(asMember.body.error.message).toMatch(/^Booking opens /);
    const asStaff = await call(bookingsRoute.POST, {
      key,
      method: "POST",
      body: { sessionId, clientId: client.body.id },
    });
    expect(asStaff.status).toBe(201);
  });

  it("B8: plans take and show the override; a holder of such a plan books by: member earlier than the studio allows", async () => {
    const s = await makeStudio();
    const key = await keyFor(s);
    await call(settingsRoute.PATCH, { key, method: "PATCH", body: { bookingOpensDaysBefore: 1 } });
    const plan = await call(plansRoute.POST, {
      key,
      method: "POST",
      body: {
        name: "Early bird",
        kind: "recurring",
        interval: "month",
        priceCents: 9900,
        permissions: [],
        memberOnlyAccess: false,
        public: true,
        bookingOpensDaysBefore: 10,
      },
    });
    expect(plan.status).toBe(201);
    expect(plan.body).toMatchObject({ bookingOpensDaysBefore: 10, bookingClosesMinutesBefore: null });
    const refused = await call(plansRoute.POST, {
      key,
      method: "POST",
      body: { ...plan.body, id: undefined, bookingClosesMinutesBefore: -5 },
    });
    expect(refused.status).toBe(400);

    const { session } = await makeSession(await s.owner(), {
      startsAt: new Date(Date.now() + 5 * DAY),
      dropInPriceCents: 0,
    });
    const sessionId = session.id;
    const client = await call(clientsRoute.POST, { key, method: "POST", body: { email: uniqueEmail(), name: "Bo" } });
    await call(membershipsRoute.POST, {
      key,
      method: "POST",
      body: { planId: plan.body.id, clientId: client.body.id },
    });
    const booked = await call(bookingsRoute.POST, {
      key,
      method: "POST",
      body: { sessionId, clientId: client.body.id, by: "member" },
    });
    expect(booked.status).toBe(201);
  });
});
