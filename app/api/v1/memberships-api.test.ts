import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { memberships } from "@/db/schema";
import { listApiKeys } from "@/lib/api-keys/api-keys";
import { archivePlan } from "@/lib/plans/plans";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { call, keyFor } from "@/test/support/api";
import * as clientsRoute from "./clients/route";
import * as companiesRoute from "./companies/route";
import * as plansRoute from "./plans/route";
import * as membershipsRoute from "./memberships/route";
import * as membershipRoute from "./memberships/[id]/route";
import * as ledgerRoute from "./memberships/[id]/ledger/route";
import * as cancelRoute from "./memberships/[id]/cancel/route";
import * as suspendRoute from "./memberships/[id]/suspend/route";
import * as extendRoute from "./memberships/[id]/extend/route";
import * as expireDueRoute from "./memberships/expire-due/route";

const DAY = 86_400_000;
const fromNow = (days: number) => new Date(Date.now() + days * DAY);
const plus = (iso: string, days: number) => new Date(new Date(iso).getTime() + days * DAY).toISOString();

async function studioWithKey() {
  const s = await makeStudio();
  return { s, key: await keyFor(s) };
}

const PLAN = {
  pack: (sessions = 8, durationDays = 60) => ({
    name: `${sessions}-class pack`,
    kind: "sessions",
    priceCents: 12000,
    sessions,
    durationDays,
    permissions: [],
    memberOnlyAccess: false,
    public: true,
  }),
  fixed: (durationDays = 30) => ({
    name: `${durationDays}-day pass`,
    kind: "fixed",
    priceCents: 5000,
    durationDays,
    permissions: [],
    memberOnlyAccess: false,
    public: true,
  }),
  monthly: () => ({
    name: "Monthly",
    kind: "recurring",
    priceCents: 9900,
    interval: "month",
    permissions: ["member-area"],
    memberOnlyAccess: true,
    public: true,
  }),
};

async function newPlan(key: string, body: object): Promise<{ id: string }> {
  const res = await call(plansRoute.POST, { key, method: "POST", body });
  expect(res.status).toBe(201);
  return res.body;
}

async function give(key: string, body: object) {
  return call(membershipsRoute.POST, { key, method: "POST", body });
}

const post = (handler: typeof cancelRoute.POST, key: string, id: string, body?: object) =>
  call(handler, { key, method: "POST", params: { id }, body });

describe("memberships API", () => {
  it("M6, C1: POST /memberships by email creates the client once (visible in GET /clients); source api; the ledger starts with the purchase (S2)", async () => {
    const { s, key } = await studioWithKey();
    const [apiKey] = await listApiKeys(await s.owner());
    const pack = await newPlan(key, PLAN.pack(8, 60));
    const email = uniqueEmail("New.Person");
    const created = await give(key, { planId: pack.id, email: email.toUpperCase(), name: "New Person" });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      planId: pack.id,
      holder: { type: "client", id: expect.any(String) },
      status: "active",
      startsAt: expect.any(String),
      endsAt: plus(created.body.startsAt, 60),
      sessionsTotal: 8,
      sessionsRemaining: 8,
      suspendedFrom: null,
      suspendedUntil: null,
      source: "api",
      stripeSubscriptionId: null,
      paypalSubscriptionId: null,
      createdAt: expect.any(String),
    });

    const clients = await call(clientsRoute.GET, { key });
    expect(clients.body.data).toHaveLength(1);
    expect(clients.body.data[0]).toMatchObject({
      id: created.body.holder.id,
      name: "New Person",
      source: "membership",
    });
    expect(clients.body.data[0].memberSince).not.toBeNull();

    const monthly = await newPlan(key, PLAN.monthly());
    const second = await give(key, { planId: monthly.id, email: `  ${email}  ` });
    expect(second.status).toBe(201);
    expect(second.body.holder).toEqual(created.body.holder);
    expect(second.body).toMatchObject({ endsAt: null, sessionsTotal: null, sessionsRemaining: null });
    expect((await call(clientsRoute.GET, { key })).body.data).toHaveLength(1);

    const read = await call(membershipRoute.GET, { key, params: { id: created.body.id } });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const ledger = await call(ledgerRoute.GET, { key, params: { id: created.body.id } });
    expect(ledger.status).toBe(200);
    expect(ledger.body).toEqual({
      data: [
        {
          delta: 8,
          balanceAfter: 8,
          reason: "purchased",
          actor: { type: "api", id: apiKey!.id },
          bookingId: null,
          note: null,
          at: created.body.createdAt,
        },
      ],
    });
    expect((await call(ledgerRoute.GET, { key, params: { id: second.body.id } })).body).toEqual({ data: [] });
  });

  it("M10, P0: the same client, plan and start again is 200 with the same membership; a PayPal id and a half-used pack are kept", async () => {
    const { key } = await studioWithKey();
    const pack = await newPlan(key, PLAN.pack(10));
    const client = (await call(clientsRoute.POST, { key, method: "POST", body: { email: uniqueEmail(), name: "Pat" } }))
      .body;
    const body = {
      planId: pack.id,
      clientId: client.id,
      startsAt: "2026-05-01T09:00:00+02:00",
      sessionsRemaining: 3,
      paypalSubscriptionId: "I-BW452GLLEP1G",
    };
    const first = await give(key, body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      startsAt: "2026-05-01T07:00:00.000Z",
      sessionsTotal: 10,
      sessionsRemaining: 3,
      paypalSubscriptionId: "I-BW452GLLEP1G",
    });
    const again = await give(key, { ...body, startsAt: "2026-05-01T07:00:00Z" });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const ledger = await call(ledgerRoute.GET, { key, params: { id: first.body.id } });
    expect(
      ledger.body.data.map((r: { reason: string; delta: number; note: string }) => [r.reason, r.delta, r.note]),
    ).toEqual([["purchased", 3, "Started with 3 of 10 sessions"]]);
  });

  it("POST /memberships refuses bad input with 400 and field names", async () => {
    const { key } = await studioWithKey();
    const plan = await newPlan(key, PLAN.fixed());
    const client = (await call(clientsRoute.POST, { key, method: "POST", body: { email: uniqueEmail(), name: "Pat" } }))
      .body;
    const fieldsOf = async (body: object) => {
      const res = await give(key, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("invalid_input");
      return Object.keys(res.body.error.fields).sort();
    };
    expect(await fieldsOf({ planId: plan.id })).toEqual(["clientId"]);
    expect(await fieldsOf({ planId: plan.id, clientId: client.id, email: uniqueEmail() })).toEqual(["clientId"]);
    expect(await fieldsOf({ planId: plan.id, clientId: client.id, name: "Someone" })).toEqual(["name"]);
    expect(await fieldsOf({ planId: "nope", email: "not-an-email" })).toEqual(["email", "planId"]);
    expect(await fieldsOf({ planId: plan.id, clientId: client.id, startsAt: "2026-05-01" })).toEqual(["startsAt"]);
    expect(
      await fieldsOf({
        planId: plan.id,
        clientId: client.id,
        startsAt: "2026-05-02T00:00:00Z",
        endsAt: "2026-05-01T00:00:00Z",
      }),
    ).toEqual(["endsAt"]);
    expect(await fieldsOf({ planId: plan.id, clientId: client.id, paymentMethod: "stripe" })).toEqual([
      "paymentMethod",
    ]);
    expect(await fieldsOf({ planId: plan.id, clientId: client.id, source: "import" })).toEqual(["_"]);
  });

  it("404 for another studio's plan, client or company in POST /memberships, and nothing is written", async () => {
    const a = await studioWithKey();
    const b = await studioWithKey();
    const theirPlan = await newPlan(b.key, PLAN.fixed());
    const theirClient = (
      await call(clientsRoute.POST, { key: b.key, method: "POST", body: { email: uniqueEmail(), name: "Theirs" } })
    ).body;
    const theirCompany = (await call(companiesRoute.POST, { key: b.key, method: "POST", body: { name: "Their Co" } }))
      .body;
    const myPlan = await newPlan(a.key, PLAN.fixed());

    const email = uniqueEmail("stranger");
    for (const body of [
      { planId: theirPlan.id, email, name: "Stranger" },
      { planId: myPlan.id, clientId: theirClient.id },
      { planId: myPlan.id, companyId: theirCompany.id },
    ]) {
      const res = await give(a.key, body);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    // The plan was looked up first: the stranger was not created as a client either.
    expect((await call(clientsRoute.GET, { key: a.key })).body.data).toEqual([]);
    const db = (await a.s.owner()).db;
    expect(await db.select().from(memberships).where(eq(memberships.studioId, a.s.studio.id))).toEqual([]);
    expect(await db.select().from(memberships).where(eq(memberships.studioId, b.s.studio.id))).toEqual([]);
  });

  it("M8, M9, S5: cancel, suspend and extend through the API, and the rules that refuse them (409)", async () => {
    const { s, key } = await studioWithKey();
    const pass = await newPlan(key, PLAN.fixed(30));
    const m = (await give(key, { planId: pass.id, email: uniqueEmail(), name: "Fay" })).body;

    const base = Date.now();
    const from = new Date(base + DAY).toISOString();
    const until = new Date(base + 11 * DAY).toISOString();
    const suspended = await post(suspendRoute.POST, key, m.id, { from, until, reason: "Holiday" });
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({
      id: m.id,
      status: "active",
      suspendedFrom: from,
      suspendedUntil: until,
      endsAt: plus(m.endsAt, 10),
    });
    const twice = await post(suspendRoute.POST, key, m.id, {
      from: fromNow(20).toISOString(),
      until: fromNow(25).toISOString(),
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe("already_suspended");
    const backwards = await post(suspendRoute.POST, key, m.id, { from: until, until: from });
    expect(backwards.status).toBe(400);
    expect(Object.keys(backwards.body.error.fields)).toEqual(["until"]);
    expect((await post(suspendRoute.POST, key, m.id, { from })).status).toBe(400);

    const extended = await post(extendRoute.POST, key, m.id, { paymentMethod: "cash" });
    expect(extended.status).toBe(200);
    expect(extended.body.endsAt).toBe(plus(m.endsAt, 40));

    const cancelled = await post(cancelRoute.POST, key, m.id, { reason: "Moved away" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: m.id, status: "cancelled" });
    expect((await call(membershipRoute.GET, { key, params: { id: m.id } })).body.status).toBe("cancelled");
    const again = await post(cancelRoute.POST, key, m.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("membership_not_active");
    const suspendCancelled = await post(suspendRoute.POST, key, m.id, {
      from: fromNow(50).toISOString(),
      until: fromNow(51).toISOString(),
    });
    expect(suspendCancelled.status).toBe(409);
    expect(suspendCancelled.body.error.code).toBe("membership_not_active");

    const monthly = await newPlan(key, PLAN.monthly());
    const recurring = (await give(key, { planId: monthly.id, email: uniqueEmail(), name: "Gus" })).body;
    const notExtendable = await post(extendRoute.POST, key, recurring.id);
    expect(notExtendable.status).toBe(409);
    expect(notExtendable.body.error.code).toBe("not_extendable");

    // S5: extending a pack starts a new period with a fresh count; what was left is forfeited in the ledger.
    const pack = await newPlan(key, PLAN.pack(8, 60));
    const p = (
      await give(key, {
        planId: pack.id,
        email: uniqueEmail(),
        name: "Hal",
        startsAt: fromNow(-10).toISOString(),
        sessionsRemaining: 3,
      })
    ).body;
    const renewed = await post(extendRoute.POST, key, p.id, {});
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({ sessionsTotal: 8, sessionsRemaining: 8, status: "active" });
    expect(renewed.body.endsAt).toBe(plus(renewed.body.startsAt, 60));
    expect(new Date(renewed.body.startsAt).getTime()).toBeGreaterThan(new Date(p.startsAt).getTime());
    const ledger = (await call(ledgerRoute.GET, { key, params: { id: p.id } })).body.data;
    expect(
      ledger.map((r: { reason: string; delta: number; balanceAfter: number }) => [r.reason, r.delta, r.balanceAfter]),
    ).toEqual([
      ["purchased", 3, 3],
      ["forfeited_on_extension", -3, 0],
      ["purchased", 8, 8],
    ]);

    await archivePlan(await s.owner(), pass.id);
    const archived = await give(key, { planId: pass.id, email: uniqueEmail(), name: "Ivy" });
    expect(archived.status).toBe(409);
    expect(archived.body.error.code).toBe("plan_archived");
  });

  it("M4: a membership whose end passed reads expired before any sweep; POST /memberships/expire-due expires it once, in this studio only", async () => {
    const a = await studioWithKey();
    const b = await studioWithKey();
    const packA = await newPlan(a.key, PLAN.pack(8, 30));
    const packB = await newPlan(b.key, PLAN.pack(8, 30));
    const started = fromNow(-40).toISOString();
    const due = await give(a.key, { planId: packA.id, email: uniqueEmail(), name: "Jo", startsAt: started });
    expect(due.status).toBe(201);
    expect(due.body.status).toBe("expired");
    const current = (await give(a.key, { planId: packA.id, email: uniqueEmail(), name: "Kai" })).body;
    const theirs = (await give(b.key, { planId: packB.id, email: uniqueEmail(), name: "Lu", startsAt: started })).body;

    const before = await call(membershipRoute.GET, { key: a.key, params: { id: due.body.id } });
    expect(before.body).toMatchObject({ status: "expired", sessionsRemaining: 8 });
    const db = (await a.s.owner()).db;
    const [row] = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.studioId, a.s.studio.id), eq(memberships.id, due.body.id)));
    expect(row!.status).toBe("active"); // the row still says active: only the effective status is expired

    const swept = await call(expireDueRoute.POST, { key: a.key, method: "POST" });
    expect(swept.status).toBe(200);
    expect(swept.body).toEqual({ expired: 1 });
    expect((await call(expireDueRoute.POST, { key: a.key, method: "POST" })).body).toEqual({ expired: 0 });

    const after = await call(membershipRoute.GET, { key: a.key, params: { id: due.body.id } });
    expect(after.body).toMatchObject({ status: "expired", sessionsRemaining: 0 });
    const ledger = (await call(ledgerRoute.GET, { key: a.key, params: { id: due.body.id } })).body.data;
    expect(ledger.at(-1)).toMatchObject({
      reason: "expired",
      delta: -8,
      balanceAfter: 0,
      actor: { type: "system", id: null },
    });
    expect((await call(membershipRoute.GET, { key: a.key, params: { id: current.id } })).body.status).toBe("active");

    // Studio B's due membership was left to B.
    expect((await call(membershipRoute.GET, { key: b.key, params: { id: theirs.id } })).body.sessionsRemaining).toBe(8);
    expect((await call(expireDueRoute.POST, { key: b.key, method: "POST" })).body).toEqual({ expired: 1 });
  });

  it("another studio's membership is 404 on every membership endpoint, and nothing changes", async () => {
    const a = await studioWithKey();
    const b = await studioWithKey();
    const pack = await newPlan(a.key, PLAN.pack(8));
    const m = (await give(a.key, { planId: pack.id, email: uniqueEmail(), name: "Mo" })).body;
    const attempts = [
      () => call(membershipRoute.GET, { key: b.key, params: { id: m.id } }),
      () => call(ledgerRoute.GET, { key: b.key, params: { id: m.id } }),
      () => post(cancelRoute.POST, b.key, m.id),
      () => post(suspendRoute.POST, b.key, m.id, { from: fromNow(1).toISOString(), until: fromNow(2).toISOString() }),
      () => post(extendRoute.POST, b.key, m.id),
      () => call(membershipRoute.GET, { key: a.key, params: { id: "not-a-uuid" } }),
      () => call(ledgerRoute.GET, { key: a.key, params: { id: "00000000-0000-4000-8000-000000000000" } }),
      () => post(cancelRoute.POST, a.key, "not-a-uuid"),
    ];
    for (const attempt of attempts) {
      const res = await attempt();
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    const mine = await call(membershipRoute.GET, { key: a.key, params: { id: m.id } });
    expect(mine.body).toEqual(m);
    expect((await call(ledgerRoute.GET, { key: a.key, params: { id: m.id } })).body.data).toHaveLength(1);
    expect((await call(membershipRoute.GET, { params: { id: m.id } })).status).toBe(401);
  });
});
