import { describe, expect, it } from "vitest";
import * as clientEraseRoute from "@/app/api/v1/clients/[id]/erase/route";
import * as clientMergeRoute from "@/app/api/v1/clients/[id]/merge/route";
import * as clientRoute from "@/app/api/v1/clients/[id]/route";
import * as clientsRoute from "@/app/api/v1/clients/route";
import * as membershipRoute from "@/app/api/v1/memberships/[id]/route";
import * as membershipsRoute from "@/app/api/v1/memberships/route";
import * as plansRoute from "@/app/api/v1/plans/route";
import { call, keyFor } from "@/test/support/api";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";

async function studioWithKey() {
  const s = await makeStudio();
  return { s, key: await keyFor(s) };
}

async function newClient(
  key: string,
  name: string,
  extra: object = {},
): Promise<{ id: string; email: string; name: string }> {
  const res = await call(clientsRoute.POST, {
    key,
    method: "POST",
    body: { email: uniqueEmail(name.toLowerCase().replace(/\W/g, "")), name, ...extra },
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function giveMembership(key: string, clientId: string): Promise<string> {
  const plan = await call(plansRoute.POST, {
    key,
    method: "POST",
    body: {
      name: "Monthly",
      kind: "recurring",
      priceCents: 9900,
      interval: "month",
      permissions: [],
      memberOnlyAccess: false,
      public: false,
    },
  });
  expect(plan.status).toBe(201);
  const m = await call(membershipsRoute.POST, { key, method: "POST", body: { planId: plan.body.id, clientId } });
  expect(m.status).toBe(201);
  return m.body.id;
}

const getClient = (key: string, id: string) => call(clientRoute.GET, { key, params: { id } });

describe("client record API (C4, C5, P1)", () => {
  it("C5: POST /clients/{id}/merge moves B into A and answers A; B is then 404", async () => {
    const { key } = await studioWithKey();
    const a = await newClient(key, "Ada");
    const b = await newClient(key, "Ada L", { phone: "+48 500 600 700" });
    const membershipId = await giveMembership(key, b.id);

    const res = await call(clientMergeRoute.POST, {
      key,
      method: "POST",
      params: { id: a.id },
      body: { sourceClientId: b.id },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: a.id, name: "Ada", email: a.email, phone: "+48 500 600 700" });
    expect((await getClient(key, b.id)).status).toBe(404);
    const m = await call(membershipRoute.GET, { key, params: { id: membershipId } });
    expect(m.body.holder).toEqual({ type: "client", id: a.id });
  });

  it("C5: merge refuses another studio's client (404), itself (400) and a missing body field (400)", async () => {
    const { key } = await studioWithKey();
    const other = await studioWithKey();
    const a = await newClient(key, "Bo");
    const foreign = await newClient(other.key, "Bo");
    const cross = await call(clientMergeRoute.POST, {
      key,
      method: "POST",
      params: { id: a.id },
      body: { sourceClientId: foreign.id },
    });
    expect(cross.status).toBe(404);
    expect(cross.body.error.code).toBe("not_found");
    const crossTarget = await call(clientMergeRoute.POST, {
      key,
      method: "POST",
      params: { id: foreign.id },
      body: { sourceClientId: a.id },
    });
    expect(crossTarget.status).toBe(404);
    const self = await call(clientMergeRoute.POST, {
      key,
      method: "POST",
      params: { id: a.id },
      body: { sourceClientId: a.id },
    });
    expect(self.status).toBe(400);
    expect(self.body.error.code).toBe("invalid_input");
    const empty = await call(clientMergeRoute.POST, { key, method: "POST", params: { id: a.id }, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields.sourceClientId).toBeDefined();
    expect((await getClient(other.key, foreign.id)).status).toBe(200);
  });

  it("C4: DELETE /clients/{id} is 204 for a lead, 409 has_history for a client with a membership, 404 for another studio's", async () => {
    const { key } = await studioWithKey();
    const other = await studioWithKey();
    const lead = await newClient(key, "Lead");
    const member = await newClient(key, "Member");
    await giveMembership(key, member.id);
    const foreign = await newClient(other.key, "Foreign");

    const deleted = await call(clientRoute.DELETE, { key, method: "DELETE", params: { id: lead.id } });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeNull();
    expect((await getClient(key, lead.id)).status).toBe(404);

    const refused = await call(clientRoute.DELETE, { key, method: "DELETE", params: { id: member.id } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("has_history");
    expect((await getClient(key, member.id)).status).toBe(200);

    expect((await call(clientRoute.DELETE, { key, method: "DELETE", params: { id: foreign.id } })).status).toBe(404);
    expect((await call(clientRoute.DELETE, { key, method: "DELETE", params: { id: "not-a-uuid" } })).status).toBe(404);
    expect((await getClient(other.key, foreign.id)).status).toBe(200);
  });

  it("P1: POST /clients/{id}/erase answers the anonymous record; the client is then 404 and gone from the list", async () => {
    const { key } = await studioWithKey();
    const other = await studioWithKey();
    const x = await newClient(key, "Xena Erasable", { phone: "+48 501 502 503", marketingConsent: true });
    await giveMembership(key, x.id);

    const res = await call(clientEraseRoute.POST, { key, method: "POST", params: { id: x.id } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: x.id,
      name: "Erased client",
      email: null,
      phone: null,
      emergencyContact: null,
      marketingConsent: false,
      marketingConsentAt: null,
      tags: [],
    });
    expect((await getClient(key, x.id)).status).toBe(404);
    const list = await call(clientsRoute.GET, { key, path: "/api/v1/clients?limit=200" });
    expect(list.body.data.map((c: { id: string }) => c.id)).not.toContain(x.id);
    expect((await call(clientEraseRoute.POST, { key, method: "POST", params: { id: x.id } })).status).toBe(404);

    const foreign = await newClient(other.key, "Foreign");
    expect((await call(clientEraseRoute.POST, { key, method: "POST", params: { id: foreign.id } })).status).toBe(404);
    expect((await getClient(other.key, foreign.id)).body.name).toBe("Foreign");
  });
});
