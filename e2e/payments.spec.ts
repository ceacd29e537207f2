import { expect, test } from "@playwright/test";
import { Dashboard, SignInPage } from "./pages/auth";
import { ClientsDirectory } from "./pages/clients";
import { Portal } from "./pages/portal";
import { studioSellingPlan } from "./pages/settings";

test("P0: without Stripe a member buys a plan in the portal, pays at the studio, and staff mark it paid", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000); // the member now confirms their email by mail first (A1)
  const planName = `Open month ${Date.now().toString(36)}`;
  const { owner, slug, planId } = await studioSellingPlan(page, request, {
    name: planName,
    priceCents: 3000,
    durationDays: 30,
  });

  // Settings → Payments says plainly that members pay at the studio.
  await page.goto("/dashboard/settings/payments");
  await expect(page.getByText("Stripe is not set up on this Roster")).toBeVisible();
  await new Dashboard(page).signOut();

  // A member buys it: no card, a payment due, the membership shown at once.
  const member = {
    name: "Paula Payer",
    email: `paula.${Date.now().toString(36)}@example.test`,
    password: "member password 1",
  };
  const portal = new Portal(page, slug);
  await portal.gotoSignUp();
  await portal.signUp(member);
  await portal.verifyByMail(member);
  await portal.expectSignedInAs("Paula");
  await page.goto(`/s/${slug}/plans/${planId}`);
  await page.getByRole("button", { name: `Buy ${planName}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "Pay at the studio on your next visit" })).toBeVisible();
  await expect(page.getByText(planName).first()).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();

  // The owner marks the payment paid; the client's lifetime spend follows (R1).
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(owner.email, owner.password);
  await new Dashboard(page).expectLoaded(owner.studioName);
  const clients = new ClientsDirectory(page);
  await clients.goto();
  await clients.search("paula");
  await expect(clients.row(member.name)).toContainText("€0.00");
  await clients.open(member.name);
  await page.getByRole("link", { name: planName }).first().click();
  await page
    .getByRole("button", { name: /^Mark paid/ })
    .first()
    .click();
  await page.getByRole("dialog").getByRole("button", { name: "Mark paid" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await clients.goto();
  await clients.search("paula");
  await expect(clients.row(member.name)).toContainText("€30.00");
});
