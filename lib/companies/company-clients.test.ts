import { describe, expect, it } from "vitest";
import { InvalidInputError, NotFoundError } from "@/lib/core/errors";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { createCompany, unlinkClientFromCompany } from "./companies";
import { linkClientToCompanyByEmail, listCompanyClients, listCompanyMemberships } from "./company-clients";

const T0 = new Date("2026-03-02T09:00:00Z");

describe("company clients", () => {
  it("M7: links an existing client by email (any case and spacing), lists and unlinks; an unknown email creates nobody", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const acme = await createCompany(ctx, { name: "Acme" });
    const zoe = await makeClient(ctx, "Zoe");
    const linked = await linkClientToCompanyByEmail(ctx, acme.id, { email: `  ${zoe.email!.toUpperCase()} ` });
    expect(linked.id).toBe(zoe.id);
    expect((await listCompanyClients(ctx, acme.id)).map((c) => c.name)).toEqual(["Zoe"]);

    await expect(linkClientToCompanyByEmail(ctx, acme.id, { email: "nobody@example.test" })).rejects.toMatchObject({
      fields: { email: ["No client with that email."] },
    });
    await expect(linkClientToCompanyByEmail(ctx, acme.id, { email: "not an email" })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await unlinkClientFromCompany(ctx, acme.id, zoe.id);
    expect(await listCompanyClients(ctx, acme.id)).toEqual([]);
  });

  it("M7: a company's memberships with their effective status; another studio's company is not found", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const ctx = await a.owner(T0);
    const acme = await createCompany(ctx, { name: "Acme" });
    const plan = await makePlan(ctx, PLANS.monthly({ name: "Corporate" }));
    await assignMembership(ctx, { planId: plan.id, companyId: acme.id });
    expect((await listCompanyMemberships(ctx, acme.id)).map((m) => [m.plan.name, m.status])).toEqual([
      ["Corporate", "active"],
    ]);

    const other = await b.owner(T0);
    const stranger = await makeClient(other);
    await expect(listCompanyClients(other, acme.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(listCompanyMemberships(other, acme.id)).rejects.toBeInstanceOf(NotFoundError);
    // Studio A's company cannot take studio B's client, even by email.
    await expect(linkClientToCompanyByEmail(ctx, acme.id, { email: stranger.email! })).rejects.toMatchObject({
      fields: { email: ["No client with that email."] },
    });
  });
});
