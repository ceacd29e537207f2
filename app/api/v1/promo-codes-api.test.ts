import { describe, expect, it } from "vitest";
import { makeStudio } from "@/test/support/fixtures";
import { call, keyFor } from "@/test/support/api";
import { makeClient } from "@/test/support/membership-fixtures";
import * as plansRoute from "./plans/route";
import * as membershipsRoute from "./memberships/route";
import * as promoCodesRoute from "./promo-codes/route";

const INTRO = {
  name: "Intro week",
  kind: "fixed",
  priceCents: 2000,
  durationDays: 7,
  permissions: [],
  memberOnlyAccess: false,
  public: true,
  newClientsOnly: true,
};

describe("promo codes and intro offers API (API.md Policies and offers)", () => {
  it("M12: POST /promo-codes creates a code; GET lists it with its uses; memberships take promoCode", async () => {
    const s = await makeStudio();
    const key = await keyFor(s);
    const plan = await call(plansRoute.POST, { key, method: "POST", body: { ...INTRO, newClientsOnly: false } });
    const created = await call(promoCodesRoute.POST, {
      key,
      method: "POST",
      body: { code: "Spring25", amountOffCents: 500, planIds: [plan.body.id], maxUses: 5, appliesTo: "every" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: "Spring25",
      amountOffCents: 500,
      percentOff: null,
      planIds: [plan.body.id],
      maxUses: 5,
      appliesTo: "every",
      uses: 0,
      active: true,
    });
    const dup = await call(promoCodesRoute.POST, {
      key,
      method: "POST",
      body: { code: "SPRING25", percentOff: 5, planIds: [plan.body.id] },
    });
    expect(dup.status).toBe(400);

    const client = await makeClient(await s.owner(), "Api Client");
    const bad = await call(membershipsRoute.POST, {
      key,
      method: "POST",
      body: { planId: plan.body.id, clientId: client.id, promoCode: "nope-code" },
    });
    expect(bad.status).toBe(409);
    expect(bad.body.error.code).toBe("promo_code_invalid");
    const ok = await call(membershipsRoute.POST, {
      key,
      method: "POST",
      body: { planId: plan.body.id, clientId: client.id, promoCode: "spring25" },
    });
    expect(ok.status).toBe(201);
    const list = await call(promoCodesRoute.GET, { key });
    expect(list.body.data).toEqual([expect.objectContaining({ code: "Spring25", uses: 1 })]);
  });

  it("M11: newClientsOnly on plans; a second intro purchase is 409 intro_not_eligible unless overrideReason", async () => {
    const s = await makeStudio();
    const key = await keyFor(s);
    const plan = await call(plansRoute.POST, { key, method: "POST", body: INTRO });
    expect(plan.body.newClientsOnly).toBe(true);
    const client = await makeClient(await s.owner(), "Api Intro");
    const body = { planId: plan.body.id, clientId: client.id };
    expect((await call(membershipsRoute.POST, { key, method: "POST", body })).status).toBe(201);
    const again = await call(membershipsRoute.POST, {
      key,
      method: "POST",
      body: { ...body, startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString() },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("intro_not_eligible");
    const forced = await call(membershipsRoute.POST, {
      key,
      method: "POST",
      body: {
        ...body,
        startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        overrideReason: "Owner's friend",
      },
    });
    expect(forced.status).toBe(201);
  });
});
