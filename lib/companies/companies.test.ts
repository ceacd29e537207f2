import { describe, expect, it } from "vitest";
import { InvalidInputError, NotFoundError, RuleError } from "@/lib/core/errors";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import {
  createCompany,
  deleteCompany,
  getCompany,
  linkClientToCompany,
  listCompanies,
  renameCompany,
} from "./companies";
import { listCompanyClients } from "./company-clients";

describe("renaming and deleting companies", () => {
  it("M7: renames a company, keeping its links; a blank name is refused and changes nothing", async () => {
    const s = await makeStudio();
    const ctx = await s.owner();
    const acme = await createCompany(ctx, { name: "Acme" });
    const client = await makeClient(ctx, "Linked Person");
    await linkClientToCompany(ctx, acme.id, client.id);

    expect((await renameCompany(ctx, acme.id, { name: "  Acme Logistics " })).name).toBe("Acme Logistics");
    expect((await getCompany(ctx, acme.id)).name).toBe("Acme Logistics");
    expect((await listCompanyClients(ctx, acme.id)).map((c) => c.id)).toEqual([client.id]);

    await expect(renameCompany(ctx, acme.id, { name: "  " })).rejects.toBeInstanceOf(InvalidInputError);
    expect((await getCompany(ctx, acme.id)).name).toBe("Acme Logistics");
  });

  it("M7: deleting a company without memberships unlinks its clients and keeps them", async () => {
    const s = await makeStudio();
    const ctx = await s.owner();
    const acme = await createCompany(ctx, { name: "Acme" });
    const client = await makeClient(ctx, "Linked Person");
    await linkClientToCompany(ctx, acme.id, client.id);

    await deleteCompany(ctx, acme.id);
    await expect(getCompany(ctx, acme.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await listCompanies(ctx)).map((c) => c.id)).not.toContain(acme.id);
    expect((await makeClient(ctx, "Another")).id).not.toBe(client.id);
  });

  it("M8: a company that holds a membership is not deleted, and says why", async () => {
    const s = await makeStudio();
    const ctx = await s.owner();
    const acme = await createCompany(ctx, { name: "Acme" });
    const plan = await makePlan(ctx, PLANS.monthly({ name: "Corporate" }));
    await assignMembership(ctx, { planId: plan.id, companyId: acme.id });

    const refusal = deleteCompany(ctx, acme.id);
    await expect(refusal).rejects.toBeInstanceOf(RuleError);
    await expect(refusal).rejects.toMatchObject({ code: "company_has_memberships" });
    expect((await getCompany(ctx, acme.id)).name).toBe("Acme");
  });

  it("another studio's company is not found, and stays as it was", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const acme = await createCompany(await a.owner(), { name: "Acme" });
    const other = await b.owner();
    await expect(renameCompany(other, acme.id, { name: "Mine now" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteCompany(other, acme.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await getCompany(await a.owner(), acme.id)).name).toBe("Acme");
  });
});
