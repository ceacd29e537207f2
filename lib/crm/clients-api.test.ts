import { describe, expect, it } from "vitest";
import * as clientsRoute from "@/app/api/v1/clients/route";
import * as clientRoute from "@/app/api/v1/clients/[id]/route";
import { bookSession } from "@/lib/bookings/book-session";
import { createCompany, linkClientToCompany } from "@/lib/companies/companies";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { recordPayment } from "@/lib/payments/payments";
import { call, keyFor } from "@/test/support/api";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";

describe("Clients API: stats, filters, sorting (R1, R2, R5)", () => {
  it("GET /clients/{id} answers the R1 stats and the R5 badges, inherited ones marked", async () => {
    const s = await makeStudio();
    const key = await keyFor(s);
    const owner = await s.owner();
    const ola = await makeClient(owner, "Ola");
    const { session } = await makeSession(owner, {
      startsAt: new Date(Date.now() + 3 * 86_400_000),
      dropInPriceCents: 0,
    });
    await bookSession(owner, { sessionId: session.id, clientId: ola.id });
    await recordPayment(owner, { clientId: ola.id, amountCents: 4500, method: "cash" });
    const monthly = await makePlan(owner, PLANS.monthly());
    const acme = await createCompany(owner, { name: "Acme" });
    await assignMembership(owner, { planId: monthly.id, companyId: acme.id });
    await linkClientToCompany(owner, acme.id, ola.id);

    const res = await call(clientRoute.GET, { key, path: `/api/v1/clients/${ola.id}`, params: { id: ola.id } });
    expect(res.status).toBe(200);
    expect(res.body.stats).toMatchObject({
      totalBookings: 1,
      activeBookings: 1,
      lifetimeSpendCents: 4500,
      lastAttendedAt: null,
      status: "active",
    });
    expect(typeof res.body.stats.firstBookingAt).toBe("string");
    expect(res.body.memberships).toEqual([
      {
        membershipId: expect.any(String),
        planId: monthly.id,
        plan: "Monthly unlimited",
        inherited: true,
        companyName: "Acme",
      },
    ]);

    const other = await makeStudio();
    const theirs = await call(clientRoute.GET, {
      key: await keyFor(other),
      path: `/api/v1/clients/${ola.id}`,
      params: { id: ola.id },
    });
    expect(theirs.status).toBe(404);
  });

  it("GET /clients filters by status and growing, sorts by spend, and refuses unknown sorts", async () => {
    const s = await makeStudio();
    const key = await keyFor(s);
    const owner = await s.owner();
    const people = [];
    for (const [i, name] of ["One", "Two", "Three"].entries()) {
      const c = await makeClient(owner, name);
      await recordPayment(owner, { clientId: c.id, amountCents: (i + 1) * 1000, method: "cash" });
      people.push(c);
    }
    for (let i = 0; i < 3; i++) {
      const { session } = await makeSession(owner, {
        startsAt: new Date(Date.now() + (i + 1) * 86_400_000),
        dropInPriceCents: 0,
      });
      await bookSession(owner, { sessionId: session.id, clientId: people[1]!.id });
    }

    const bySpend = await call(clientsRoute.GET, { key, path: "/api/v1/clients?sort=-lifetimeSpend" });
    expect(bySpend.status).toBe(200);
    expect(bySpend.body.data.map((c: { name: string }) => c.name)).toEqual(["Three", "Two", "One"]);
    expect(bySpend.body.data[0].stats).toMatchObject({ lifetimeSpendCents: 3000, totalBookings: 0, status: "new" });

    const growing = await call(clientsRoute.GET, { key, path: "/api/v1/clients?growing=true" });
    expect(growing.body.data.map((c: { name: string }) => c.name)).toEqual(["Two"]);
    const fresh = await call(clientsRoute.GET, { key, path: "/api/v1/clients?status=new&sort=name" });
    expect(fresh.body.data.map((c: { name: string }) => c.name)).toEqual(["One", "Three"]);

    const bad = await call(clientsRoute.GET, { key, path: "/api/v1/clients?sort=secret" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_input");
    expect((await call(clientsRoute.GET, { key, path: "/api/v1/clients?status=vip" })).status).toBe(400);
  });
});
