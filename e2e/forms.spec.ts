import { expect, test } from "@playwright/test";
import { Dashboard, SignInPage } from "./pages/auth";
import { EmbeddedSignup, EmbedSettingsPage, HostSite } from "./pages/embed";
import { studioSellingPlan } from "./pages/settings";

const site = new HostSite("127.0.0.1");
test.beforeAll(async () => {
  await site.start();
});
test.afterAll(async () => {
  await site.stop();
});

test("F1: a visitor signs the waiver the plan requires inside the embedded sign-up, joins, and the owner sees it signed", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  const planName = `Starter ${Date.now().toString(36)}`;
  const { owner, key } = await studioSellingPlan(page, request, { name: planName, priceCents: 0, durationDays: 30 });

  // Settings → Forms: the owner writes a waiver with one question and makes the plan require it.
  await page.goto("/dashboard/settings/forms");
  await page.getByLabel("Title").fill("Liability waiver");
  await page.getByLabel("Text").fill("# Safety\n\nI take part **at my own risk**.\n\n<script>alert(1)</script>");
  await page.getByLabel("Questions").fill("Yes/no: May we use photos of you?");
  await page.getByRole("checkbox", { name: planName }).check();
  await page.getByRole("button", { name: "Publish form" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "“Liability waiver” is published (version 1)." }),
  ).toBeVisible();
  await expect(page.getByTestId("form-card")).toContainText(`Required for ${planName}.`);

  const embedSettings = new EmbedSettingsPage(page);
  await embedSettings.goto();
  await embedSettings.allowOrigins([site.origin]);
  const snippet = await embedSettings.snippet();
  await new Dashboard(page).signOut();

  // A visitor registers inside the iframe; before the confirm step, the frame asks for the waiver.
  site.page("/join", snippet);
  await page.goto(`${site.origin}/join`);
  const embed = new EmbeddedSignup(page);
  await embed.choose(planName);
  const visitor = {
    name: "Wanda Waiver",
    email: `wanda.${Date.now().toString(36)}@example.test`,
    password: "visitor password 1",
  };
  await embed.register(visitor);
  await embed.verifyByMail(visitor, planName);
  await embed.signIn(visitor);
  await expect(embed.frame.getByRole("heading", { name: "Sign before you join" })).toBeVisible();
  const waiver = embed.frame.getByRole("region", { name: "Text of Liability waiver" });
  await expect(waiver).toContainText("I take part at my own risk.");
  await expect(waiver).not.toContainText("<script>");
  // Refused without "I agree"; then signed.
  await embed.frame.getByLabel("Your full name").fill("Wanda Waiver");
  await embed.frame.getByRole("radio", { name: "Yes" }).check();
  await embed.frame.getByRole("button", { name: "Sign" }).click();
  await expect(embed.frame.getByText("Tick “I agree” to sign.")).toBeVisible();
  await embed.frame.getByLabel("Your full name").fill("Wanda Waiver");
  await embed.frame.getByRole("radio", { name: "Yes" }).check();
  await embed.frame.getByRole("checkbox", { name: /I agree/ }).check();
  await embed.frame.getByRole("button", { name: "Sign" }).click();
  await expect(embed.frame.getByRole("heading", { name: "Confirm your membership" })).toBeVisible();
  await embed.join(planName);
  await expect(page.locator("#signup")).toHaveText(`Joined: ${planName}`);

  // The owner sees the signed version on the client's page (F1), and the API lists it.
  const found = await request.get(`/api/v1/clients?q=${encodeURIComponent(visitor.email)}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const [client] = (await found.json()).data;
  const forms = await request.get(`/api/v1/clients/${client.id}/forms`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect((await forms.json()).data).toMatchObject([
    { title: "Liability waiver", version: 1, fullName: "Wanda Waiver" },
  ]);

  // The visitor's portal login (from the verification tab) is this browser's session: the owner uses another.
  const ownerContext = await browser.newContext({ baseURL });
  const ownerPage = await ownerContext.newPage();
  const signIn = new SignInPage(ownerPage);
  await signIn.goto();
  await signIn.signIn(owner.email, owner.password);
  await expect(ownerPage).toHaveURL(/\/dashboard$/);
  await ownerPage.goto(`/dashboard/clients/${client.id}`);
  const signed = ownerPage.getByTestId("signed-form");
  await expect(signed).toContainText("Liability waiver");
  await expect(signed).toContainText("Signed");
  await expect(signed).toContainText("version 1, by Wanda Waiver");
  await expect(ownerPage.getByTestId("unsigned-forms")).toHaveCount(0);
  await ownerContext.close();
});
