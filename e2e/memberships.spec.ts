import { expect, test } from "@playwright/test";
import { Dashboard, signUpStudio } from "./pages/auth";
import { ClientsList, CompaniesPage, MembershipsPage, PlanPage } from "./pages/memberships";

function unique(label: string): string {
  return `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

test("an owner creates a pack plan, adds a member by email, and sees the count and the client's badge", async ({
  page,
}) => {
  await signUpStudio(page);
  const memberships = new MembershipsPage(page);
  await memberships.goto();
  await expect(page.getByRole("heading", { name: "No membership plans yet" })).toBeVisible();

  const planName = `8-class pack ${unique("")}`;
  await memberships.createPlan({ kind: "sessions", name: planName, price: "120.00", sessions: 8, days: 60 });

  const plan = new PlanPage(page);
  await plan.openMembersTab();
  const client = { name: "Pia Pack", email: `${unique("pia.")}@example.test` };
  await plan.addMember({ ...client, payment: "cash" });
  const row = page.getByRole("row").filter({ hasText: client.name });
  await expect(row.getByText("Active", { exact: true })).toBeVisible();
  await expect(row.getByText("8 of 8")).toBeVisible();

  await memberships.goto();
  await memberships.expectMemberCount(planName, 1);
  await expect(memberships.planRow(planName)).toContainText("8 sessions · 60 days");
  await expect(memberships.planRow(planName)).toContainText("€120.00");

  await new Dashboard(page).open("Clients");
  const clients = new ClientsList(page);
  await expect(clients.row(client.name)).toBeVisible();
  await expect(clients.badges(client.name)).toHaveText([planName]);
});

test("a company's membership shows as an inherited badge for a linked client and disappears on unlinking", async ({
  page,
}) => {
  await signUpStudio(page);
  const memberships = new MembershipsPage(page);
  const planName = `Corporate ${unique("")}`;
  await memberships.createPlan({ kind: "recurring", name: planName, price: "49.00", interval: "month" });

  const clients = new ClientsList(page);
  const client = { name: "Cora Company", email: `${unique("cora.")}@example.test` };
  await clients.add(client);

  const companies = new CompaniesPage(page);
  const companyName = unique("Acme ");
  await companies.create(companyName);
  const companyUrl = page.url();
  await companies.addMembership(planName);

  // An email that is no client here is refused beside the field.
  const linkForm = page.getByRole("form", { name: "Link a client" });
  await linkForm.getByRole("textbox", { name: "Client email" }).fill(`${unique("nobody.")}@example.test`);
  await linkForm.getByRole("button", { name: "Link client" }).click();
  await expect(linkForm.getByText("No client with that email.")).toBeVisible();

  await companies.linkClient(client.email);

  await clients.goto();
  await expect(clients.badges(client.name)).toHaveText([`${planName} (via ${companyName})`]);

  await page.goto(companyUrl);
  await expect(page.getByRole("heading", { name: companyName, level: 1 })).toBeVisible();
  await companies.unlinkClient(client.name);

  await clients.goto();
  await expect(clients.row(client.name)).toBeVisible();
  await expect(clients.badges(client.name)).toHaveCount(0);
});
