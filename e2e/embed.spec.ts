import { expect, test } from "@playwright/test";
import { mintEmbedToken } from "@/lib/embed/token";
import { Dashboard, signUpStudio } from "./pages/auth";
import { EmbeddedSignup, EmbedSettingsPage, HostSite } from "./pages/embed";
import { ApiKeysPage } from "./pages/settings";

// Two other origins than the app's (localhost): the studio's listed website, and a site it never listed.
const listed = new HostSite("127.0.0.1");
const unlisted = new HostSite("127.0.0.1");
test.beforeAll(async () => {
  await listed.start();
  await unlisted.start();
});
test.afterAll(async () => {
  await listed.stop();
  await unlisted.stop();
});

test("E1–E3: the snippet on the studio's own site signs visitors up inside the iframe; tokens work once; unlisted sites cannot frame it", async ({
  page,
  request,
}) => {
  const owner = await signUpStudio(page);
  const slug = owner.studioName.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const key = await new ApiKeysPage(page).gotoAndCreate("embed");
  const planName = `Intro month ${Date.now().toString(36)}`;
  const created = await request.post("/api/v1/plans", {
    headers: { authorization: `Bearer ${key}` },
    data: { name: planName, kind: "fixed", priceCents: 4500, durationDays: 30, permissions: [], memberOnlyAccess: false, public: true },
  });
  expect(created.status()).toBe(201);

  // Settings → Embed: allow the studio's website, copy the snippet, make the token secret.
  const settings = new EmbedSettingsPage(page);
  await settings.goto();
  await settings.allowOrigins([listed.origin]);
  const snippet = await settings.snippet();
  expect(snippet).toMatch(new RegExp(`^<script src="http://localhost:\\d+/embed.js" data-studio="${slug}" async></script>$`));
  const secret = await settings.makeSecret();
  await new Dashboard(page).signOut();

  // E3 in the headers themselves: exactly the listed origin may frame the flow.
  const framed = await request.get(`/embed/${slug}`);
  expect(framed.headers()["content-security-policy"]).toContain(`frame-ancestors ${listed.origin};`);
  expect(framed.headers()["x-frame-options"]).toBeUndefined();
  expect((await request.get("/signin")).headers()["content-security-policy"]).toContain("frame-ancestors 'none'");

  // E1: a visitor registers and joins inside the iframe on the studio's site.
  listed.page("/join", snippet);
  await page.goto(`${listed.origin}/join`);
  const embed = new EmbeddedSignup(page);
  await expect(embed.frame.getByRole("heading", { name: "Choose a membership" })).toBeVisible();
  // The frame sized itself to its content (the snippet starts it at 560px).
  await expect.poll(async () => (await embed.iframe().boundingBox())?.height).not.toBe(560);
  const before = (await embed.iframe().boundingBox())!.height;
  await embed.choose(planName);
  await expect.poll(async () => (await embed.iframe().boundingBox())?.height).toBeGreaterThan(before);
  const visitor = { name: "Vera Visitor", email: `vera.${Date.now().toString(36)}@example.test`, password: "visitor password 1" };
  await embed.register(visitor);
  await embed.join(planName);
  // The host page heard about it, from the frame's exact origin.
  await expect(page.locator("#signup")).toHaveText(`Joined: ${planName}`);

  // The client and the membership exist (C1, source embed).
  const found = await request.get(`/api/v1/clients?q=${encodeURIComponent(visitor.email)}`, { headers: { authorization: `Bearer ${key}` } });
  const [client] = (await found.json()).data;
  expect(client).toMatchObject({ email: visitor.email, source: "embed" });
  expect(client.memberships.map((m: { plan: string }) => m.plan)).toEqual([planName]);

  // E2: the studio's server knows the next visitor and signs a token; the visitor lands signed in and joins without typing.
  const tokenEmail = `tom.${Date.now().toString(36)}@example.test`;
  const token = mintEmbedToken(secret, { iss: slug, sub: "site-user-7", email: tokenEmail, name: "Tom Token" });
  const withToken = snippet.replace(" async>", ` data-token="${token}" async>`);
  listed.page("/members", withToken);
  const visitorContext = await page.context().browser()!.newContext();
  const tomPage = await visitorContext.newPage();
  await tomPage.goto(`${listed.origin}/members`);
  const tom = new EmbeddedSignup(tomPage);
  await tom.choose(planName);
  await expect(tom.frame.getByText("Joining as Tom Token")).toBeVisible();
  await tom.join(planName);
  await expect(tomPage.locator("#signup")).toHaveText(`Joined: ${planName}`);
  // The token never appears in a URL the servers saw, nor stays in the host page's DOM.
  expect(tomPage.frames().map((f) => f.url()).join(" ")).not.toContain(token.slice(-20));
  expect(await tomPage.locator("script[data-token]").count()).toBe(0);
  await visitorContext.close();

  // A replayed token is refused: a fresh browser with the same page gets the sign-up forms and a clear message.
  const replayContext = await page.context().browser()!.newContext();
  const replay = await replayContext.newPage();
  await replay.goto(`${listed.origin}/members`);
  const again = new EmbeddedSignup(replay);
  await expect(again.frame.getByRole("main").getByRole("alert")).toContainText("already used");
  await again.choose(planName);
  await expect(again.frame.getByRole("heading", { name: "Tell us who you are" })).toBeVisible();
  await replayContext.close();

  // E3: a site the studio never listed cannot frame the flow: the browser blocks it.
  unlisted.page("/steal", snippet);
  const blocked = await page.goto(`${unlisted.origin}/steal`);
  expect(blocked?.ok()).toBe(true);
  const frame = new EmbeddedSignup(page);
  await expect(frame.iframe()).toBeVisible();
  // Chromium replaces a frame refused by frame-ancestors with its error page.
  await expect.poll(() => page.frames().find((f) => f !== page.mainFrame())?.url()).toMatch(/^chrome-error:/);
  await expect(frame.frame.getByRole("heading", { name: "Choose a membership" })).toHaveCount(0);
});
