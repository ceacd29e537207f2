import { expect, test } from "@playwright/test";
import { mintEmbedToken } from "@/lib/embed/token";
import { Dashboard } from "./pages/auth";
import { EmbeddedSignup, EmbedSettingsPage, HostSite } from "./pages/embed";
import { studioSellingPlan } from "./pages/settings";

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
  const planName = `Intro month ${Date.now().toString(36)}`;
  const { slug, key } = await studioSellingPlan(page, request, { name: planName, priceCents: 4500, durationDays: 30 });

  // Settings → Embed: allow the studio's website, copy the snippet, make the token secret.
  const settings = new EmbedSettingsPage(page);
  await settings.goto();
  await settings.allowOrigins([listed.origin]);
  const snippet = await settings.snippet();
  expect(snippet).toMatch(
    new RegExp(`^<script src="http://localhost:\\d+/embed.js" data-studio="${slug}" async></script>$`),
  );
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
  const visitor = {
    name: "Vera Visitor",
    email: `vera.${Date.now().toString(36)}@example.test`,
    password: "visitor password 1",
  };
  await embed.register(visitor);
  await embed.verifyByMail(visitor, planName);
  const signedIn = page.waitForResponse(
    (r) => r.request().method() === "POST" && r.url().endsWith(`/embed/${slug}/session`),
  );
  await embed.signIn(visitor);
  await expect(embed.frame.getByRole("heading", { name: "Confirm your membership" })).toBeVisible();
  // The frame's sign-in cookie is one a browser keeps in a third-party iframe (CHIPS).
  const cookie = (await (await signedIn).headerValue("set-cookie")) ?? "";
  for (const attribute of [
    /^roster_embed=/,
    /;\s*Secure/i,
    /;\s*HttpOnly/i,
    /;\s*SameSite=None/i,
    /;\s*Partitioned/i,
    new RegExp(`;\\s*Path=/embed/${slug}`),
  ]) {
    expect(cookie).toMatch(attribute);
  }
  await embed.join(planName);
  // The host page heard about it, from the frame's exact origin.
  await expect(page.locator("#signup")).toHaveText(`Joined: ${planName}`);

  // The client and the membership exist (C1, source embed).
  const found = await request.get(`/api/v1/clients?q=${encodeURIComponent(visitor.email)}`, {
    headers: { authorization: `Bearer ${key}` },
  });
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
  await expect(tom.frame.getByText("Signed in as Tom Token")).toBeVisible();
  await tom.choose(planName);
  await expect(tom.frame.getByText("Joining as Tom Token")).toBeVisible();
  await tom.join(planName).catch(async (e: Error) => {
    // Whether the join reached the server tells a lost answer from a refused or unsent request.
    const onServer = await request
      .get(`/api/v1/clients?q=${encodeURIComponent(tokenEmail)}`, { headers: { authorization: `Bearer ${key}` } })
      .then((r) => r.text())
      .catch((lookup: Error) => `(could not ask: ${lookup.message})`);
    e.message += `\n\nTom on the server: ${onServer}`;
    throw e;
  });
  await expect(tomPage.locator("#signup")).toHaveText(`Joined: ${planName}`);
  // The token never appears in a URL the servers saw, nor stays in the host page's DOM.
  expect(
    tomPage
      .frames()
      .map((f) => f.url())
      .join(" "),
  ).not.toContain(token.slice(-20));
  expect(await tomPage.locator("script[data-token]").count()).toBe(0);
  await visitorContext.close();

  // A replayed token is refused: a fresh browser with the same page gets the sign-up forms and a clear message.
  const replayContext = await page.context().browser()!.newContext();
  const replay = await replayContext.newPage();
  await replay.goto(`${listed.origin}/members`);
  const again = new EmbeddedSignup(replay);
  await expect(again.frame.getByRole("alert").filter({ hasText: "already used" })).toBeVisible();
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
  await expect
    .poll(() =>
      page
        .frames()
        .find((f) => f !== page.mainFrame())
        ?.url(),
    )
    .toMatch(/^chrome-error:/);
  await expect(frame.frame.getByRole("heading", { name: "Choose a membership" })).toHaveCount(0);
});

test("E2: when the browser refuses cookies inside the frame, sign-in continues in a popup and the result returns to the frame", async ({
  page,
  request,
  playwright,
}) => {
  const planName = `Try-out week ${Date.now().toString(36)}`;
  const { key } = await studioSellingPlan(page, request, { name: planName, priceCents: 0, durationDays: 7 });
  const settings = new EmbedSettingsPage(page);
  await settings.goto();
  await settings.allowOrigins([listed.origin]);
  const snippet = await settings.snippet();
  await new Dashboard(page).signOut();

  // A browser that keeps no cookies in third-party frames (as some Safari settings do): drop them from every framed response.
  const strict = await page.context().browser()!.newContext();
  // The request is replayed from a separate client, so the answer's cookie never reaches the browser's jar.
  const relay = await playwright.request.newContext();
  await strict.route("**/embed/**", async (route) => {
    if (route.request().method() !== "POST" || !route.request().frame().parentFrame()) return route.continue();
    const response = await relay.fetch(route.request(), { maxRedirects: 0 });
    const headers = { ...response.headers() };
    for (const name of ["set-cookie", "content-encoding", "content-length"]) delete headers[name];
    await route.fulfill({ status: response.status(), headers, body: await response.body() });
  });
  const visitorPage = await strict.newPage();
  listed.page("/strict", snippet);
  await visitorPage.goto(`${listed.origin}/strict`);
  const embed = new EmbeddedSignup(visitorPage);
  await embed.choose(planName);
  const form = embed.frame.getByRole("form", { name: "Sign in" });
  await expect(form).toBeVisible();
  // Registering answers "check your email" (A1); signing in afterwards "works" but the frame could not keep
  // the sign-in: it offers a first-party window instead of looping.
  const person = {
    name: "Sam Safari",
    email: `sam.${Date.now().toString(36)}@example.test`,
    password: "visitor password 2",
  };
  await embed.register(person);
  await embed.verifyByMail(person, planName);
  await embed.signIn(person);
  await expect(embed.frame.getByText("Your browser keeps sign-ins out of embedded pages")).toBeVisible();

  const popupOpened = visitorPage.waitForEvent("popup");
  await embed.frame.getByRole("link", { name: "Continue in a new window" }).click();
  const popup = await popupOpened;
  const signIn = popup.getByRole("form", { name: "Sign in" });
  await signIn.getByLabel("Email").fill(person.email);
  await signIn.getByLabel("Password").fill(person.password);
  await signIn.getByRole("button", { name: "Sign in and continue" }).click();
  await expect(popup.getByText(`Joining as ${person.name}`)).toBeVisible();
  const closed = popup.waitForEvent("close");
  await popup.getByRole("button", { name: `Join ${planName}` }).click();
  await closed;

  // Back in the frame: the last step, and the host page is told.
  await expect(embed.frame.getByRole("heading", { name: `You’re in: ${planName}` })).toBeVisible();
  await expect(visitorPage.locator("#signup")).toHaveText(`Joined: ${planName}`);
  const found = await request.get(`/api/v1/clients?q=${encodeURIComponent(person.email)}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect((await found.json()).data[0].memberships.map((m: { plan: string }) => m.plan)).toEqual([planName]);
  await strict.close();
  await relay.dispose();
});

test("E2: a click made while the token's sign-in lands is kept: the visitor ends where they went, signed in (issue 15)", async ({
  page,
  request,
}) => {
  const planName = `Drop-in month ${Date.now().toString(36)}`;
  const { slug, key } = await studioSellingPlan(page, request, { name: planName, priceCents: 0, durationDays: 30 });
  const settings = new EmbedSettingsPage(page);
  await settings.goto();
  await settings.allowOrigins([listed.origin]);
  const snippet = await settings.snippet();
  const secret = await settings.makeSecret();
  await new Dashboard(page).signOut();

  /**
   * A visitor whose site signed them in, with the handoff to the frame's session step held until the test lets it
   * land: deterministic timing instead of a slow machine's luck.
   */
  async function visitorWithHeldHandoff(name: string) {
    const email = `${name.split(" ")[0]!.toLowerCase()}.${Date.now().toString(36)}@example.test`;
    const token = mintEmbedToken(secret, { iss: slug, sub: `site-${email}`, email, name });
    const pagePath = `/held-${Date.now().toString(36)}`;
    listed.page(pagePath, snippet.replace(" async>", ` data-token="${token}" async>`));
    const context = await page.context().browser()!.newContext();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let posted!: () => void;
    const handoffPosted = new Promise<void>((r) => (posted = r));
    await context.route(`**/embed/${slug}/session*`, async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      posted();
      await held;
      await route.continue();
    });
    const visitorPage = await context.newPage();
    await visitorPage.goto(`${listed.origin}${pagePath}`);
    const embed = new EmbeddedSignup(visitorPage);
    await expect(embed.frame.getByRole("heading", { name: "Choose a membership" })).toBeVisible();
    await handoffPosted;
    return { email, context, page: visitorPage, embed, release };
  }

  // 1. The visitor chooses the plan while the sign-in is on its way; it lands afterwards, on the page they chose.
  const ann = await visitorWithHeldHandoff("Ann Early");
  await ann.embed.choose(planName);
  ann.release();
  await expect(ann.embed.frame.getByText("Joining as Ann Early")).toBeVisible();
  await expect(ann.embed.frame.getByText("Signed in as Ann Early")).toBeVisible();
  await ann.embed.join(planName);
  await expect(ann.page.locator("#signup")).toHaveText(`Joined: ${planName}`);
  await ann.context.close();

  // 2. The click comes at the very moment the sign-in lands.
  const ben = await visitorWithHeldHandoff("Ben Instant");
  await Promise.all([
    ben.embed.frame.getByRole("link", { name: `Choose ${planName}` }).click(),
    Promise.resolve().then(ben.release),
  ]);
  await expect(ben.embed.frame.getByText("Joining as Ben Instant")).toBeVisible();
  await expect(ben.embed.frame.getByText("Signed in as Ben Instant")).toBeVisible();
  await ben.embed.join(planName);
  await expect(ben.page.locator("#signup")).toHaveText(`Joined: ${planName}`);
  await ben.context.close();

  // Each became the studio's client once, with the plan (C1).
  for (const email of [ann.email, ben.email]) {
    const found = await request.get(`/api/v1/clients?q=${encodeURIComponent(email)}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(
      (await found.json()).data.map((c: { memberships: { plan: string }[] }) => c.memberships.map((m) => m.plan)),
    ).toEqual([[planName]]);
  }
});
