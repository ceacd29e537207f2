import { expect, test } from "@playwright/test";
import { Dashboard, signUpStudio, SignInPage, studioSlug } from "./pages/auth";
import { Portal } from "./pages/portal";
import { ClientCardSection, ScanPage } from "./pages/scan";
import { ApiKeysPage } from "./pages/settings";

const DAY = 86_400_000;

test("W1: staff scan a card whose membership ended: the client is identified and the membership is no longer active", async ({
  page,
  request,
}) => {
  await signUpStudio(page);
  const key = await new ApiKeysPage(page).gotoAndCreate("Card setup");
  const headers = { authorization: `Bearer ${key}` };

  const plan = await request.post("/api/v1/plans", {
    headers,
    data: {
      name: "30-day pass",
      kind: "fixed",
      priceCents: 5000,
      durationDays: 30,
      permissions: [],
      memberOnlyAccess: false,
      public: false,
    },
  });
  expect(plan.status()).toBe(201);
  const planId = (await plan.json()).id as string;
  const name = "Erin Expired";
  const membership = await request.post("/api/v1/memberships", {
    headers,
    data: {
      planId,
      email: `erin.${Date.now()}@example.test`,
      name,
      startsAt: new Date(Date.now() - 31 * DAY).toISOString(),
      endsAt: new Date(Date.now() - DAY).toISOString(),
    },
  });
  expect(membership.status()).toBe(201);

  const cardSection = new ClientCardSection(page);
  await cardSection.openClient(name);
  await expect(page.getByRole("img", { name: `QR code of ${name}'s member card` })).toBeVisible();
  const token = await cardSection.token();

  const scan = new ScanPage(page);
  await scan.open();
  await scan.lookUp(token);
  const result = scan.result(name);
  await expect(result.getByRole("heading", { name })).toBeVisible();
  await expect(result.getByText("No membership can pay")).toBeVisible();
  await expect(scan.membership("30-day pass")).toContainText("Expired — no longer active");
  await expect(scan.membership("30-day pass")).toContainText("no longer active");

  // An unknown token, and the QR form of the real one.
  await scan.lookUp("0".repeat(64));
  await expect(scan.notFound()).toBeVisible();
  await scan.lookUp(`roster-card:${token}`);
  await expect(scan.result(name)).toBeVisible();

  // A lost card is replaced: the old token is no card any more, the new one is.
  await cardSection.openClient(name);
  const fresh = await cardSection.replace();
  expect(fresh).not.toBe(token);
  await scan.goto();
  await scan.lookUp(token);
  await expect(scan.notFound()).toBeVisible();
  await scan.lookUp(fresh);
  await expect(scan.result(name)).toBeVisible();
  expect((await request.get(`/api/v1/cards/${token}`, { headers })).status()).toBe(404);
  expect((await request.get(`/api/v1/cards/${fresh}`, { headers })).status()).toBe(200);
});

test("W1: a member sees their card in the portal, and staff scanning its token see them with no membership", async ({
  page,
}) => {
  const owner = await signUpStudio(page);
  const slug = studioSlug(owner);
  await new Dashboard(page).signOut();

  await page.goto(`/s/${slug}/card`);
  await expect(page).toHaveURL(new RegExp(`/s/${slug}/signin`));

  const portal = new Portal(page, slug);
  await portal.gotoSignUp();
  const maja = { name: "Maja Member", email: `maja.card.${Date.now()}@example.test`, password: "member password 1" };
  await portal.signUp(maja);
  await portal.verifyByMail(maja);
  await portal.expectSignedInAs("Maja");
  await page.goto(`/s/${slug}/card`);
  await expect(page.getByRole("heading", { name: "Your member card", level: 1 })).toBeVisible();
  await expect(
    page.getByRole("img", { name: `QR code of Maja Member's member card at ${owner.studioName}` }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy card token" })).toBeVisible();
  const token = ((await page.getByTestId("card-token").textContent()) ?? "").trim();
  expect(token).toMatch(/^[0-9a-f]{64}$/);

  await page.getByRole("button", { name: "Sign out" }).click();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(owner.email, owner.password);
  await new Dashboard(page).expectLoaded(owner.studioName);

  const scan = new ScanPage(page);
  await scan.open();
  await scan.lookUp(token);
  await expect(scan.result("Maja Member").getByRole("heading", { name: "Maja Member" })).toBeVisible();
  await expect(scan.result("Maja Member").getByText("No membership", { exact: true })).toBeVisible();
});
