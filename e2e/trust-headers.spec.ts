import { expect, test, type APIResponse, type Response } from "@playwright/test";
import { Dashboard, signUpStudio, SignInPage, studioSlug } from "./pages/auth";
import { ClientsList } from "./pages/memberships";

// Issue 9 "Headers": what the running app really sends. The embed routes (/embed/...) set their own
// per-studio frame-ancestors (E3); issue 14: every other path, whatever its case, is locked down.

function unique(label: string): string {
  return `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

type AnyResponse = Pick<APIResponse, "headers" | "url"> | Pick<Response, "headers" | "url">;

/** The page may not be framed anywhere, nor its content type guessed. */
function expectLockedDown(res: AnyResponse) {
  const h = res.headers();
  const where = res.url();
  const csp = h["content-security-policy"] ?? "";
  expect(csp, `CSP of ${where}`).toContain("frame-ancestors 'none'");
  expect(csp, `CSP of ${where}`).toContain("default-src 'self'");
  expect(csp, `CSP of ${where}`).toContain("object-src 'none'");
  expect(csp, `CSP of ${where}`).toContain("form-action 'self'");
  expect(csp, `CSP of ${where}`).not.toContain("'unsafe-eval'");
  expect(h["x-frame-options"], `X-Frame-Options of ${where}`).toBe("DENY");
  expect(h["x-content-type-options"], `X-Content-Type-Options of ${where}`).toBe("nosniff");
  expect(h["x-powered-by"], `X-Powered-By of ${where}`).toBeUndefined();
}

test("E3, issue 9: dashboard, portal, sign-in and API answers carry CSP frame-ancestors 'none', X-Frame-Options DENY and nosniff", async ({
  page,
}) => {
  const owner = await signUpStudio(page);
  const slug = studioSlug(owner);

  // Documents as the browser received them.
  const dashboard = await page.goto("/dashboard");
  expect(dashboard!.status()).toBe(200);
  expectLockedDown(dashboard!);
  const portal = await page.goto(`/s/${slug}`);
  expect(portal!.status()).toBe(200);
  expectLockedDown(portal!);

  // Signed out: the sign-in pages and the API, answered with errors as much as with success.
  await page.goto("/dashboard");
  await new Dashboard(page).signOut();
  for (const path of ["/signin", "/signup", `/s/${slug}/signin`]) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBe(200);
    expectLockedDown(res);
  }
  const unauthenticated = await page.request.get("/api/v1/studio");
  expect(unauthenticated.status()).toBe(401);
  expectLockedDown(unauthenticated);
  const badKey = await page.request.post("/api/v1/clients", {
    headers: { authorization: "Bearer rk_nope" },
    data: "{",
  });
  expect(badKey.status()).toBe(401);
  expectLockedDown(badKey);
  const openapi = await page.request.get("/api/v1/openapi.json");
  expect(openapi.status()).toBe(200);
  expectLockedDown(openapi);
  // A page that does not exist is locked down too.
  const missing = await page.request.get(`/s/${slug}/no-such-page-${unique("")}`);
  expect(missing.status()).toBe(404);
  expectLockedDown(missing);
});

test("issue 14: every response carries the headers — case variants of the embed and other paths, unknown paths, public files and built assets — and HSTS in production", async ({
  page,
}) => {
  const owner = await signUpStudio(page);
  const slug = studioSlug(owner);
  const hsts = (res: AnyResponse) =>
    expect(res.headers()["strict-transport-security"], `HSTS of ${res.url()}`).toMatch(
      /^max-age=\d{7,}; includeSubDomains$/,
    );

  // Not the embed (its routes are spelled /embed/): a 404 locked down like any other.
  for (const path of [
    `/Embed/${slug}`,
    `/EMBED/${slug}/plans`,
    `/eMbed/${slug}`,
    "/Dashboard",
    "/API/v1/studio",
    `/no-such-path-${unique("")}`,
  ]) {
    const res = await page.request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBeGreaterThanOrEqual(300);
    expectLockedDown(res);
    hsts(res);
  }
  // The page itself and a public file.
  const dashboard = await page.request.get("/dashboard");
  expectLockedDown(dashboard);
  hsts(dashboard);
  const script = await page.request.get("/embed.js");
  expect(script.status()).toBe(200);
  expectLockedDown(script);
  // A built asset the page loaded.
  const html = await (await page.request.get("/signin")).text();
  const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
  expect(asset, "a /_next/static script in the page").toBeTruthy();
  const built = await page.request.get(asset!);
  expect(built.status()).toBe(200);
  expectLockedDown(built);
  hsts(built);

  // The real embed keeps its own framing: the studio's origins, no X-Frame-Options.
  const embed = await page.request.get(`/embed/${slug}`);
  const h = embed.headers();
  expect(h["content-security-policy"]).toContain("frame-ancestors");
  expect(h["x-frame-options"]).toBeUndefined();
  expect(h["x-content-type-options"]).toBe("nosniff");
  hsts(embed);
});

test("issue 9: the session cookie is HttpOnly, SameSite=Lax, Secure and __Secure- prefixed under NODE_ENV=production", async ({
  page,
  context,
}) => {
  const owner = await signUpStudio(page);
  await new Dashboard(page).signOut();

  // The Set-Cookie of the sign-in itself (a server action POST), not only what the browser kept.
  const signIn = new SignInPage(page);
  await signIn.goto();
  const setCookie = page.waitForResponse(
    async (r) =>
      r.request().method() === "POST" &&
      (await r.headersArray()).some((h) => h.name.toLowerCase() === "set-cookie" && /session-token=[^;]/.test(h.value)),
  );
  await signIn.signIn(owner.email, owner.password);
  const res = await setCookie;
  const header = (await res.headersArray()).find(
    (h) => h.name.toLowerCase() === "set-cookie" && /session-token=[^;]/.test(h.value),
  )!.value;
  const sessionLine = header.split("\n").find((l) => /session-token=[^;]/.test(l))!;
  expect(sessionLine).toMatch(/^__Secure-authjs\.session-token=/);
  expect(sessionLine).toMatch(/;\s*HttpOnly/i);
  expect(sessionLine).toMatch(/;\s*SameSite=Lax/i);
  expect(sessionLine).toMatch(/;\s*Secure/i);
  expect(sessionLine).toMatch(/;\s*Path=\//i);
  await new Dashboard(page).expectLoaded(owner.studioName);

  const cookies = await context.cookies();
  const session = cookies.filter((c) => c.name.includes("session-token"));
  expect(session.map((c) => c.name)).toEqual(["__Secure-authjs.session-token"]);
  expect(session[0]).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: true, path: "/" });
  // Scripts in the page cannot read it.
  expect(await page.evaluate(() => document.cookie)).not.toContain("session-token");
});

test("issue 9: a server action replayed with a foreign Origin is refused by Next and changes nothing; the same request from our origin works", async ({
  page,
}) => {
  await signUpStudio(page);
  const list = new ClientsList(page);

  // A real "Add client" action, as the browser sends it.
  const first = { name: unique("Origin Check "), email: `${unique("origin.")}@example.test` };
  const actionRequest = page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"]));
  await list.add(first);
  const original = await actionRequest;
  const headers = original.headers();
  const body = original.postDataBuffer()!;
  expect(body.toString("utf8")).toContain(first.email);
  const replay = (name: string, email: string, origin: string) =>
    page.request.post(original.url(), {
      headers: {
        "next-action": headers["next-action"]!,
        "content-type": headers["content-type"]!,
        accept: headers["accept"] ?? "text/x-component",
        origin,
      },
      data: Buffer.from(body.toString("utf8").replaceAll(first.name, name).replaceAll(first.email, email), "utf8"),
      maxRedirects: 0,
    });

  const baseOrigin = new URL(original.url()).origin;
  const forged = { name: unique("Forged "), email: `${unique("forged.")}@example.test` };
  for (const origin of ["https://evil.example", "null", `${baseOrigin.replace("localhost", "127.0.0.1")}`]) {
    const refused = await replay(forged.name, forged.email, origin);
    expect(refused.status(), `Origin ${origin}`).toBe(500);
    expect(await refused.text()).not.toContain(forged.email);
  }

  // The same bytes from our own origin do work (so the refusal above is the Origin check, not a broken replay).
  const honest = { name: unique("Replayed "), email: `${unique("replayed.")}@example.test` };
  const accepted = await replay(honest.name, honest.email, baseOrigin);
  expect(accepted.status()).toBeLessThan(400);

  await list.goto();
  await expect(list.row(first.name)).toBeVisible();
  await expect(list.row(honest.name)).toBeVisible();
  await expect(list.row(forged.name)).toHaveCount(0);
  await page.goto(`/dashboard/clients?q=${encodeURIComponent(forged.email)}`);
  await expect(page.getByRole("link", { name: forged.name, exact: true })).toHaveCount(0);
});
