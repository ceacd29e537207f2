import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCompany, linkClientToCompany, unlinkClientFromCompany } from "@/lib/companies/companies";
import { ForbiddenError } from "@/lib/core/errors";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { assignMembership } from "./assign-membership";
import { cancelMembership, suspendMembership } from "./change-membership";
import { membershipBadges } from "./badges";

const T0 = new Date("2026-03-02T09:00:00Z");
const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);

/** Badges as "Plan" or "Plan (via Company)" per client name, for readable expectations. */
function labels(map: Awaited<ReturnType<typeof membershipBadges>>, clients: { id: string; name: string }[]) {
  return Object.fromEntries(
    clients.map((c) => [
      c.name,
      (map.get(c.id) ?? []).map((b) => (b.inherited ? `${b.planName} (via ${b.companyName})` : b.planName)),
    ]),
  );
}

describe("membership badges", () => {
  it("R5: one badge per active membership, own or inherited (marked); ended, cancelled, suspended and future ones show none", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const monthly = await makePlan(ctx, PLANS.monthly());
    const workshop = await makePlan(ctx, PLANS.fixed(30, { name: "Workshop access" }));
    const pack = await makePlan(ctx, PLANS.pack(8, 60));
    const corporate = await makePlan(ctx, PLANS.monthly({ name: "Corporate" }));
    const shortPass = await makePlan(ctx, PLANS.fixed(5, { name: "5-day pass" }));

    const anna = await makeClient(ctx, "Anna");
    const ben = await makeClient(ctx, "Ben");
    const cleo = await makeClient(ctx, "Cleo");
    const dan = await makeClient(ctx, "Dan");
    const acme = await createCompany(ctx, { name: "Acme" });
    await linkClientToCompany(ctx, acme.id, anna.id);
    await linkClientToCompany(ctx, acme.id, ben.id);
    await assignMembership(ctx, { planId: corporate.id, companyId: acme.id });

    // Anna: two own (M5) and one inherited.
    await assignMembership(ctx, { planId: monthly.id, clientId: anna.id });
    await assignMembership(ctx, { planId: workshop.id, clientId: anna.id });
    // Ben: a pass that ends at day 5 (M4: no sweep runs in this test) and a cancelled pack.
    await assignMembership(ctx, { planId: shortPass.id, clientId: ben.id });
    const { membership: bensPack } = await assignMembership(ctx, { planId: pack.id, clientId: ben.id });
    await cancelMembership(ctx, bensPack.id);
    // Cleo: suspended now, and one that starts later.
    const { membership: cleos } = await assignMembership(ctx, { planId: monthly.id, clientId: cleo.id });
    await suspendMembership(ctx, cleos.id, { from: days(5), until: days(15) });
    await assignMembership(ctx, { planId: workshop.id, clientId: cleo.id, startsAt: days(30) });

    const people = [anna, ben, cleo, dan];
    const atDay10 = await membershipBadges(
      await s.owner(days(10)),
      people.map((c) => c.id),
    );
    expect(labels(atDay10, people)).toEqual({
      Anna: ["Corporate (via Acme)", "Monthly unlimited", "Workshop access"],
      Ben: ["Corporate (via Acme)"],
      Cleo: [],
      Dan: [],
    });
    expect(atDay10.has(dan.id)).toBe(false);

    // The same clients at day 2: Ben's pass still runs, Cleo is not yet suspended.
    expect(
      labels(
        await membershipBadges(
          await s.owner(days(2)),
          people.map((c) => c.id),
        ),
        people,
      ),
    ).toMatchObject({
      Ben: ["5-day pass", "Corporate (via Acme)"],
      Cleo: ["Monthly unlimited"],
    });

    // M7: unlinking removes the inherited badge at once.
    await unlinkClientFromCompany(await s.owner(days(10)), acme.id, anna.id);
    expect(labels(await membershipBadges(await s.owner(days(10)), [anna.id]), [anna])).toEqual({
      Anna: ["Monthly unlimited", "Workshop access"],
    });
  });

  it("R5: another studio's memberships are not shown, and odd ids are ignored", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const ctxA = await a.owner(T0);
    const plan = await makePlan(ctxA, PLANS.monthly());
    const client = await makeClient(ctxA);
    await assignMembership(ctxA, { planId: plan.id, clientId: client.id });

    expect((await membershipBadges(ctxA, [client.id, "not-a-uuid", randomUUID()])).get(client.id)).toHaveLength(1);
    expect((await membershipBadges(await b.owner(T0), [client.id])).size).toBe(0);
    expect((await membershipBadges(ctxA, [])).size).toBe(0);
  });

  it("members cannot read other people's badges", async () => {
    const s = await makeStudio();
    const client = await makeClient(await s.owner());
    await expect(
      membershipBadges(await s.ctx({ kind: "member", userId: randomUUID(), clientId: client.id }), [client.id]),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
