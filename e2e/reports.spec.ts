import { expect, test } from "@playwright/test";
import { signUpStudio } from "./pages/auth";
import { ClientsList, MembershipsPage, PlanPage } from "./pages/memberships";
import { ReportsPage } from "./pages/reports";

function unique(label: string): string {
  return `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

test("R9: the owner opens Reports, reads a figure's definition, changes the period and opens the people behind a figure", async ({
  page,
}) => {
  await signUpStudio(page);
  const reports = new ReportsPage(page);

  // A new studio: zeros and empty states that say what to do, at 390 px too.
  await reports.open();
  await reports.expectFigure("Active members", "0");
  await expect(page.getByRole("heading", { name: "No revenue in this period" })).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await reports.expectAccessibleAndFits();
  await page.setViewportSize({ width: 1280, height: 900 });

  // Two members paying cash today: this month has them, last month does not.
  const ada = { name: "Ada Reportson", email: `${unique("ada.")}@example.test` };
  const bo = { name: "Bo Figures", email: `${unique("bo.")}@example.test` };
  const list = new ClientsList(page);
  await list.add(ada);
  await list.add(bo);
  await new MembershipsPage(page).createPlan({ kind: "recurring", name: unique("Monthly "), price: "50.00" });
  const plan = new PlanPage(page);
  await plan.openMembersTab();
  await plan.addMember({ email: ada.email, who: ada.name, payment: "cash" });
  await plan.addMember({ email: bo.email, who: bo.name, payment: "cash" });

  await reports.open();
  await reports.expectFigure("Active members", "2");
  await reports.expectFigure("New memberships", "2");
  await reports.expectFigure("Revenue", "€100.00");
  await expect(await reports.definition("Churn")).toContainText("cancelled ÷ active at the start");
  // The revenue chart is drawn on the server and has its table one click away.
  await expect(page.getByRole("img", { name: /Revenue by month and source/ })).toBeVisible();
  await page.getByText("Show as a table").first().click();
  await expect(page.getByRole("table", { name: "Revenue by month and source" })).toContainText("€100.00");
  await reports.expectAccessibleAndFits();

  await reports.pickPeriod("Last month");
  await reports.expectFigure("Active members", "0");
  await reports.expectFigure("Revenue", "€0.00");
  await reports.pickPeriod("Last 12 months");
  await reports.expectFigure("Revenue", "€100.00");
  // A custom period that ends before it starts is explained, and this month shown instead.
  await reports.customPeriod("2026-10-31", "2026-10-01");
  await expect(page.getByText("That period could not be shown")).toBeVisible();
  await reports.expectFigure("Active members", "2");

  // The people behind a figure are the clients list, with its selection, messaging and export.
  await reports.openPeople("Active members");
  await expect(page.getByRole("link", { name: ada.name })).toBeVisible();
  await expect(page.getByRole("link", { name: bo.name })).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("link", { name: "Back to Reports" }).click();
  await expect(page.getByRole("heading", { name: "Reports", level: 1 })).toBeVisible();
});
