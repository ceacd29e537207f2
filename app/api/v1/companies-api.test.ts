import { describe, expect, it } from "vitest";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { call, keyFor } from "@/test/support/api";
import * as clientsRoute from "./clients/route";
import * as clientPermissionsRoute from "./clients/[id]/permissions/route";
import * as companiesRoute from "./companies/route";
import * as companyClientsRoute from "./companies/[id]/clients/route";
import * as companyClientRoute from "./companies/[id]/clients/[clientId]/route";
import * as permissionsRoute from "./permissions/route";
import * as plansRoute from "./plans/route";
import * as membershipsRoute from "./memberships/route";
import * as cancelRoute from "./memberships/[id]/cancel/route";

const DAY = 86_400_000;

async function studioWithKey() {
  const s = await makeStudio();
  return { s, key: await keyFor(s) };
}

async function newPlan(key: string, body: object): Promise<{ id: string; name: string }> {
  const res = await call(plansRoute.POST, {
    key,
    method: "POST",
    body: { permissions: [], memberOnlyAccess: false, public: false, ...body },
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function newClient(
  key: string,
  name: string,
  email = uniqueEmail(name.toLowerCase()),
): Promise<{ id: string; email: string }> {
  const res = await call(clientsRoute.POST, { key, method: "POST", body: { email, name } });
  expect(res.status).toBe(201);
  return res.body;
}

async function newCompany(key: string, name: string): Promise<{ id: string }> {
  const res = await call(companiesRoute.POST, { key, method: "POST", body: { name } });
  expect(res.status).toBe(201);
  return res.body;
}

const permissionsOf = async (key: string, clientId: string) => {
  const res = await call(clientPermissionsRoute.GET, { key, params: { id: clientId } });
  expect(res.status).toBe(200);
  return res.body;
};

const byEmail = (key: string, email: string) =>
  call(permissionsRoute.GET, { key, path: `/api/v1/permissions?email=${encodeURIComponent(email)}` });

describe("companies and permissions API", () => {
  it("M7, M2: a client linked to a company inherits its membership's permissions, and loses them at once on unlink", async () => {
    const { key } = await studioWithKey();
    const corporate = await newPlan(key, {
      name: "Corporate",
      kind: "recurring",
      priceCents: 0,
      interval: "month",
      permissions: ["sauna", "member-area"],
    });
    const pool = await newPlan(key, {
      name: "Pool pass",
      kind: "fixed",
      priceCents: 3000,
      durationDays: 30,
      permissions: ["pool", "member-area"],
    });
    const company = await call(companiesRoute.POST, { key, method: "POST", body: { name: "  Acme Ltd  " } });
    expect(company.status).toBe(201);
    expect(company.body).toEqual({ id: expect.any(String), name: "Acme Ltd", createdAt: expect.any(String) });
    const held = await call(membershipsRoute.POST, {
      key,
      method: "POST",
      body: { planId: corporate.id, companyId: company.body.id },
    });
    expect(held.status).toBe(201);
    expect(held.body.holder).toEqual({ type: "company", id: company.body.id });

    const kim = await newClient(key, "Kim");
    const own = (
      await call(membershipsRoute.POST, { key, method: "POST", body: { planId: pool.id, clientId: kim.id } })
    ).body;
    expect(await permissionsOf(key, kim.id)).toEqual({
      clientId: kim.id,
      permissions: ["member-area", "pool"],
      memberships: [{ id: own.id, plan: { id: pool.id, name: "Pool pass" }, status: "active", inherited: false }],
    });

    const linked = await call(companyClientsRoute.POST, {
      key,
      method: "POST",
      params: { id: company.body.id },
      body: { clientId: kim.id },
    });
    expect(linked.status).toBe(200);
    expect(linked.body).toEqual({ companyId: company.body.id, clientId: kim.id });
    expect(
      (
        await call(companyClientsRoute.POST, {
          key,
          method: "POST",
          params: { id: company.body.id },
          body: { clientId: kim.id },
        })
      ).status,
    ).toBe(200);

    const inherited = await permissionsOf(key, kim.id);
    expect(inherited.permissions).toEqual(["member-area", "pool", "sauna"]);
    expect(inherited.memberships).toContainEqual({
      id: held.body.id,
      plan: { id: corporate.id, name: "Corporate" },
      status: "active",
      inherited: true,
    });
    expect(inherited.memberships).toHaveLength(2);

    const unlinked = await call(companyClientRoute.DELETE, {
      key,
      method: "DELETE",
      params: { id: company.body.id, clientId: kim.id },
    });
    expect(unlinked.status).toBe(204);
    expect(unlinked.body).toBeNull();
    expect((await permissionsOf(key, kim.id)).permissions).toEqual(["member-area", "pool"]);
    const twice = await call(companyClientRoute.DELETE, {
      key,
      method: "DELETE",
      params: { id: company.body.id, clientId: kim.id },
    });
    expect(twice.status).toBe(404);

    // M3: a cancelled membership grants nothing.
    await call(cancelRoute.POST, { key, method: "POST", params: { id: own.id } });
    expect(await permissionsOf(key, kim.id)).toEqual({ clientId: kim.id, permissions: [], memberships: [] });
  });

  it("M7: a session pack cannot be given to a company (409 pack_not_for_company); a fixed plan can", async () => {
    const { key } = await studioWithKey();
    const company = await newCompany(key, "Acme");
    const pack = await newPlan(key, { name: "Pack", kind: "sessions", priceCents: 100, sessions: 5, durationDays: 30 });
    const refused = await call(membershipsRoute.POST, {
      key,
      method: "POST",
      body: { planId: pack.id, companyId: company.id },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: "pack_not_for_company",
      message: expect.stringMatching(/company/),
    });
    const fixed = await newPlan(key, { name: "Quarter", kind: "fixed", priceCents: 100, durationDays: 90 });
    expect(
      (await call(membershipsRoute.POST, { key, method: "POST", body: { planId: fixed.id, companyId: company.id } }))
        .status,
    ).toBe(201);
  });

  it("M4, C1: GET /permissions?email= matches mixed case and spaces; an ended membership grants nothing before the sweep", async () => {
    const { key } = await studioWithKey();
    const plan = await newPlan(key, {
      name: "Door",
      kind: "fixed",
      priceCents: 0,
      durationDays: 30,
      permissions: ["door"],
    });
    const email = uniqueEmail("Mixed.Case");
    const client = await newClient(key, "Mixed Case", email);
    await call(membershipsRoute.POST, { key, method: "POST", body: { planId: plan.id, clientId: client.id } });

    const found = await byEmail(key, `  ${email.toUpperCase()} `);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ clientId: client.id, permissions: ["door"] });
    expect((await byEmail(key, email.toLowerCase())).body.clientId).toBe(client.id);

    const lapsed = await newClient(key, "Lapsed");
    const ended = await call(membershipsRoute.POST, {
      key,
      method: "POST",
      body: { planId: plan.id, clientId: lapsed.id, startsAt: new Date(Date.now() - 31 * DAY).toISOString() },
    });
    expect(ended.body.status).toBe("expired");
    expect((await byEmail(key, lapsed.email)).body).toEqual({ clientId: lapsed.id, permissions: [], memberships: [] });

    const unknown = await byEmail(key, uniqueEmail("nobody"));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");
    const missing = await call(permissionsRoute.GET, { key, path: "/api/v1/permissions" });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.error.fields)).toEqual(["email"]);
    expect((await byEmail(key, "not an email")).status).toBe(400);
  });

  it("POST /companies and /companies/{id}/clients refuse bad input with 400", async () => {
    const { key } = await studioWithKey();
    const blank = await call(companiesRoute.POST, { key, method: "POST", body: { name: "   " } });
    expect(blank.status).toBe(400);
    expect(Object.keys(blank.body.error.fields)).toEqual(["name"]);
    expect((await call(companiesRoute.POST, { key, method: "POST", body: { name: "A", vat: "x" } })).status).toBe(400);
    const company = await newCompany(key, "Acme");
    const noClient = await call(companyClientsRoute.POST, {
      key,
      method: "POST",
      params: { id: company.id },
      body: {},
    });
    expect(noClient.status).toBe(400);
    expect(Object.keys(noClient.body.error.fields)).toEqual(["clientId"]);
  });

  it("another studio's company or client is 404 on the companies and permissions endpoints, and no link is made", async () => {
    const a = await studioWithKey();
    const b = await studioWithKey();
    const plan = await newPlan(a.key, {
      name: "Door",
      kind: "fixed",
      priceCents: 0,
      durationDays: 30,
      permissions: ["door"],
    });
    const companyA = await newCompany(a.key, "A Co");
    await call(membershipsRoute.POST, {
      key: a.key,
      method: "POST",
      body: { planId: plan.id, companyId: companyA.id },
    });
    const clientA = await newClient(a.key, "Ann");
    const companyB = await newCompany(b.key, "B Co");
    const clientB = await newClient(b.key, "Bob");

    const attempts = [
      () =>
        call(companyClientsRoute.POST, {
          key: b.key,
          method: "POST",
          params: { id: companyA.id },
          body: { clientId: clientB.id },
        }),
      () =>
        call(companyClientsRoute.POST, {
          key: a.key,
          method: "POST",
          params: { id: companyA.id },
          body: { clientId: clientB.id },
        }),
      () =>
        call(companyClientsRoute.POST, {
          key: a.key,
          method: "POST",
          params: { id: companyB.id },
          body: { clientId: clientA.id },
        }),
      () =>
        call(companyClientsRoute.POST, {
          key: a.key,
          method: "POST",
          params: { id: "not-a-uuid" },
          body: { clientId: clientA.id },
        }),
      () =>
        call(companyClientRoute.DELETE, {
          key: b.key,
          method: "DELETE",
          params: { id: companyA.id, clientId: clientA.id },
        }),
      () =>
        call(companyClientRoute.DELETE, {
          key: a.key,
          method: "DELETE",
          params: { id: companyA.id, clientId: "not-a-uuid" },
        }),
      () => call(clientPermissionsRoute.GET, { key: b.key, params: { id: clientA.id } }),
      () => call(clientPermissionsRoute.GET, { key: a.key, params: { id: "not-a-uuid" } }),
      () => byEmail(b.key, clientA.email),
    ];
    for (const attempt of attempts) {
      const res = await attempt();
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect((await permissionsOf(a.key, clientA.id)).permissions).toEqual([]);
    expect((await permissionsOf(b.key, clientB.id)).permissions).toEqual([]);

    // The link that is allowed still works, and B's attempt to unlink it changed nothing.
    await call(companyClientsRoute.POST, {
      key: a.key,
      method: "POST",
      params: { id: companyA.id },
      body: { clientId: clientA.id },
    });
    await call(companyClientRoute.DELETE, {
      key: b.key,
      method: "DELETE",
      params: { id: companyA.id, clientId: clientA.id },
    });
    expect((await permissionsOf(a.key, clientA.id)).permissions).toEqual(["door"]);
  });
});
