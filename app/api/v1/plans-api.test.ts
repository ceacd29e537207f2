import { describe, expect, it } from "vitest";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { call, keyFor } from "@/test/support/api";
import * as plansRoute from "./plans/route";
import * as planRoute from "./plans/[id]/route";
import * as membersRoute from "./plans/[id]/members/route";
import * as membershipsRoute from "./memberships/route";
import * as cancelRoute from "./memberships/[id]/cancel/route";
import * as companiesRoute from "./companies/route";

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

async function studioWithKey() {
  const s = await makeStudio();
  return { s, key: await keyFor(s) };
}

const MONTHLY = {
  name: "Monthly unlimited",
  kind: "recurring",
  priceCents: 9900,
  interval: "month",
  bookingLimitPerPeriod: 8,
  permissions: ["member-area", "sauna"],
  memberOnlyAccess: true,
  public: true,
};
const PASS = {
  name: "30-day pass",
  kind: "fixed",
  priceCents: 5000,
  currency: "pln",
  durationDays: 30,
  permissions: [],
  memberOnlyAccess: false,
  public: false,
};
const PACK = {
  name: "10-class pack",
  description: "Ten classes, three months.",
  kind: "sessions",
  priceCents: 12000,
  sessions: 10,
  durationDays: 90,
  permissions: ["member-area"],
  memberOnlyAccess: false,
  public: true,
};

describe("plans API", () => {
  it("M1, M2: POST /plans creates each kind; GET /plans and /plans/{id} show them with memberCount", async () => {
    const { key } = await studioWithKey();
    const monthly = await call(plansRoute.POST, { key, method: "POST", body: MONTHLY });
    expect(monthly.status).toBe(201);
    expect(monthly.body).toEqual({
      id: expect.any(String),
      name: "Monthly unlimited",
      description: null,
      kind: "recurring",
      priceCents: 9900,
      currency: "EUR",
      interval: "month",
      bookingLimitPerPeriod: 8,
      durationDays: null,
      sessions: null,
      permissions: ["member-area", "sauna"],
      memberOnlyAccess: true,
      public: true,
      bookingOpensDaysBefore: null,
      bookingClosesMinutesBefore: null,
      newClientsOnly: false,
      archived: false,
      lateCancelPolicy: null,
      noShowPolicy: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      memberCount: 0,
    });
    const pass = await call(plansRoute.POST, { key, method: "POST", body: PASS });
    expect(pass.status).toBe(201);
    expect(pass.body).toMatchObject({
      kind: "fixed",
      currency: "PLN",
      durationDays: 30,
      interval: null,
      sessions: null,
    });
    const pack = await call(plansRoute.POST, { key, method: "POST", body: PACK });
    expect(pack.status).toBe(201);
    expect(pack.body).toMatchObject({
      kind: "sessions",
      sessions: 10,
      durationDays: 90,
      description: "Ten classes, three months.",
    });

    await call(membershipsRoute.POST, {
      key,
      method: "POST",
      body: { planId: monthly.body.id, email: uniqueEmail("m"), name: "Mia" },
    });

    const list = await call(plansRoute.GET, { key });
    expect(list.status).toBe(200);
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.data.map((p: { name: string; memberCount: number }) => [p.name, p.memberCount])).toEqual([
      ["10-class pack", 0],
      ["30-day pass", 0],
      ["Monthly unlimited", 1],
    ]);
    const one = await call(planRoute.GET, { key, params: { id: monthly.body.id } });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ ...monthly.body, memberCount: 1 });
  });

  it("M1: a plan that breaks its kind's rules is 400 invalid_input with every field named, and nothing is created", async () => {
    const { key } = await studioWithKey();
    const fieldsOf = async (body: object) => {
      const res = await call(plansRoute.POST, { key, method: "POST", body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("invalid_input");
      return Object.keys(res.body.error.fields).sort();
    };
    expect(await fieldsOf({ ...PACK, sessions: undefined })).toEqual(["sessions"]);
    expect(await fieldsOf({ ...PACK, durationDays: undefined, interval: "month" })).toEqual([
      "durationDays",
      "interval",
    ]);
    expect(await fieldsOf({ ...MONTHLY, interval: undefined, sessions: 4 })).toEqual(["interval", "sessions"]);
    expect(await fieldsOf({ ...PASS, durationDays: undefined, bookingLimitPerPeriod: 4, sessions: 3 })).toEqual([
      "bookingLimitPerPeriod",
      "durationDays",
      "sessions",
    ]);
    expect(await fieldsOf({ ...PASS, kind: "lifetime" })).toEqual(["kind"]);
    expect(await fieldsOf({ ...PASS, priceCents: 12.5, currency: "euro" })).toEqual(["currency", "priceCents"]);
    // API.md states permissions, memberOnlyAccess and public; they are not silently defaulted.
    expect(await fieldsOf({ name: "Bare", kind: "fixed", priceCents: 100, durationDays: 7 })).toEqual([
      "memberOnlyAccess",
      "permissions",
      "public",
    ]);
    expect(await fieldsOf({ ...PASS, permissions: ["has space"] })).toEqual(["permissions.0"]);
    expect(await fieldsOf({ ...PASS, archived: true })).toEqual(["_"]);
    expect((await call(plansRoute.GET, { key })).body.data).toEqual([]);
  });

  it("GET /plans/{id}/members: by holder name, a page at a time, with the effective status (M4), filterable", async () => {
    const { key } = await studioWithKey();
    const plan = (await call(plansRoute.POST, { key, method: "POST", body: PASS })).body;
    const give = async (body: object) => {
      const res = await call(membershipsRoute.POST, { key, method: "POST", body: { planId: plan.id, ...body } });
      expect(res.status).toBe(201);
      return res.body;
    };
    await give({ email: uniqueEmail("c"), name: "Cleo" }).then((m) =>
      call(cancelRoute.POST, { key, method: "POST", params: { id: m.id } }),
    );
    await give({ email: uniqueEmail("d"), name: "Dora", startsAt: ago(40) }); // ended ten days ago, not swept
    await give({ email: uniqueEmail("b"), name: "Bruno" });
    await give({ email: uniqueEmail("a"), name: "ada" });
    const company = (await call(companiesRoute.POST, { key, method: "POST", body: { name: "Acme" } })).body;
    await give({ companyId: company.id });

    const seen: [string, string, string | null][] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = `?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await call(membersRoute.GET, {
        key,
        params: { id: plan.id },
        path: `/api/v1/plans/${plan.id}/members${qs}`,
      });
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      for (const m of page.body.data) {
        expect(m.status).toBe(m.membership.status);
        seen.push([m.client?.name ?? m.company.name, m.status, m.membership.holder.type]);
      }
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([
      ["Acme", "active", "company"],
      ["ada", "active", "client"],
      ["Bruno", "active", "client"],
      ["Cleo", "cancelled", "client"],
      ["Dora", "expired", "client"],
    ]);

    const names = async (qs: string) => {
      const res = await call(membersRoute.GET, {
        key,
        params: { id: plan.id },
        path: `/api/v1/plans/${plan.id}/members${qs}`,
      });
      expect(res.status).toBe(200);
      return res.body.data.map(
        (m: { client: { name: string } | null; company: { name: string } | null }) => (m.client ?? m.company)!.name,
      );
    };
    expect(await names("?status=expired")).toEqual(["Dora"]);
    expect(await names("?status=cancelled,expired")).toEqual(["Cleo", "Dora"]);
    expect(await names("?status=suspended")).toEqual([]);
    expect((await call(planRoute.GET, { key, params: { id: plan.id } })).body.memberCount).toBe(3);

    const bad = await call(membersRoute.GET, {
      key,
      params: { id: plan.id },
      path: `/api/v1/plans/${plan.id}/members?status=gone`,
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(["status.0"]);
    const garbage = await call(membersRoute.GET, {
      key,
      params: { id: plan.id },
      path: `/api/v1/plans/${plan.id}/members?cursor=garbage`,
    });
    expect(garbage.status).toBe(400);
  });

  it("another studio's plan is 404 on GET /plans/{id} and /plans/{id}/members, as is a malformed id", async () => {
    const a = await studioWithKey();
    const b = await studioWithKey();
    const plan = (await call(plansRoute.POST, { key: a.key, method: "POST", body: PASS })).body;
    await call(membershipsRoute.POST, {
      key: a.key,
      method: "POST",
      body: { planId: plan.id, email: uniqueEmail(), name: "Private" },
    });
    for (const handler of [planRoute.GET, membersRoute.GET]) {
      const theirs = await call(handler, { key: b.key, params: { id: plan.id } });
      expect(theirs.status).toBe(404);
      expect(theirs.body.error.code).toBe("not_found");
      expect((await call(handler, { key: a.key, params: { id: "not-a-uuid" } })).status).toBe(404);
      expect((await call(handler, { key: a.key, params: { id: plan.id } })).status).toBe(200);
    }
    expect((await call(plansRoute.GET, { key: b.key })).body.data).toEqual([]);
    expect((await call(plansRoute.GET)).status).toBe(401);
  });
});
