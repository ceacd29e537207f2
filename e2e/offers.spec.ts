import { expect, test } from "@playwright/test";
import { mintEmbedToken } from "@/lib/embed/token";
import { Dashboard } from "./pages/auth";
import { EmbeddedSignup, EmbedSettingsPage, HostSite } from "./pages/embed";
import { studioSellingPlan } from "./pages/settings";

const site = new HostSite("127.0.0.1");
test.beforeAll(async () => {
  await site.start();
});
test.afterAll(async () => {
  await site.stop();
});

test("M11, M12: a first-timer buys the intro offer in the embed with a promo code, and then cannot buy it again", async ({
  page,
  request,
}) => {
  const suffix = Date.now().toString(36);
  const { slug, key } = await studioSellingPlan(page, request, {
    name: `Monthly pass ${suffix}`,
    priceCents: 9000,
    durationDays: 30,
  });
  const auth = { authorization: `Bearer ${key}` };
  const introName = `Intro: 3 classes for 2 weeks ${suffix}`;
  const created = await request.post("/api/v1/plans", {
    headers: auth,
    data: {
      name: introName,
      kind: "sessions",
      sessions: 3,
      durationDays: 14,
      priceCents: 4000,
      permissions: [],
      memberOnlyAccess: false,
      public: true,
      newClientsOnly: true,
    },
  });
  expect(created.status()).toBe(201);
  const intro = await created.json();
  expect(intro.newClientsOnly).toBe(true);

  // Settings → Promo codes: the owner makes WELCOME10 for the intro offer.
  await page.goto("/dashboard/settings/promo-codes");
  await expect(page.getByRole("heading", { name: "No promo codes yet" })).toBeVisible();
  const form = page.getByRole("form", { name: "New promo code" });
  await form.getByLabel("Code").fill("WELCOME10");
  await form.getByLabel("Percent off").fill("10");
  await form.getByLabel(introName).check();
  await form.getByRole("button", { name: "Create promo code" }).click();
  await expect(page.getByText("WELCOME10 is ready to use.")).toBeVisible();
  await expect(page.getByRole("cell", { name: "WELCOME10 On" })).toBeVisible();

  const settings = new EmbedSettingsPage(page);
  await settings.goto();
  await settings.allowOrigins([site.origin]);
  const snippet = await settings.snippet();
  const secret = await settings.makeSecret();
  await new Dashboard(page).signOut();

  // An anonymous visitor sees the intro offer.
  site.page("/join", snippet);
  await page.goto(`${site.origin}/join`);
  const anonymous = new EmbeddedSignup(page);
  await expect(anonymous.frame.getByRole("link", { name: `Choose ${introName}` })).toBeVisible();

  // A first-timer known to the studio's site (E2 token) buys it, with the code, inside the iframe.
  const email = `nina.${suffix}@example.test`;
  const token = mintEmbedToken(secret, { iss: slug, sub: `site-${suffix}`, email, name: "Nina New" });
  site.page("/members", snippet.replace(" async>", ` data-token="${token}" async>`));
  const visitorContext = await page.context().browser()!.newContext();
  const visitorPage = await visitorContext.newPage();
  await visitorPage.goto(`${site.origin}/members`);
  const embed = new EmbeddedSignup(visitorPage);
  await expect(embed.frame.getByText("Signed in as Nina New")).toBeVisible();
  await embed.choose(introName);
  const promo = embed.frame.getByRole("form", { name: "Promo code" });
  await promo.getByLabel("Promo code").fill("welcome10");
  await promo.getByRole("button", { name: "Apply" }).click();
  await expect(embed.frame.getByText("WELCOME10: you pay €36.00 instead of €40.00.")).toBeVisible();
  await embed.join(introName);
  await expect(visitorPage.locator("#signup")).toHaveText(`Joined: ${introName}`);

  // The payment due is the discounted price (no Stripe: pay at the studio).
  const found = await request.get(`/api/v1/clients?q=${encodeURIComponent(email)}`, { headers: auth });
  const [client] = (await found.json()).data;
  expect(client.memberships.map((m: { plan: string }) => m.plan)).toEqual([introName]);
  const due = await request.get("/api/v1/payments?status=due", { headers: auth });
  expect((await due.json()).data).toEqual(
    expect.arrayContaining([expect.objectContaining({ clientId: client.id, amountCents: 3600 })]),
  );

  // Back on the plan list, still signed in: the intro offer is gone; the other plan is still there.
  await visitorPage.goto(`${site.origin}/join`);
  const again = new EmbeddedSignup(visitorPage);
  await expect(again.frame.getByText("Signed in as Nina New")).toBeVisible();
  await expect(again.frame.getByRole("link", { name: `Choose Monthly pass ${suffix}` })).toBeVisible();
  await expect(again.frame.getByRole("link", { name: `Choose ${introName}` })).toHaveCount(0);
  await visitorContext.close();

  // And the API refuses a second one: 409 intro_not_eligible.
  const second = await request.post("/api/v1/memberships", {
    headers: auth,
    data: { planId: intro.id, clientId: client.id },
  });
  expect(second.status()).toBe(409);
  expect((await second.json()).error.code).toBe("intro_not_eligible");
});
