import { expect, test } from "@playwright/test";
import { Dashboard, newOwner, signUpStudio, SignInPage, SignUpPage, studioSlug } from "./pages/auth";
import { Portal } from "./pages/portal";
import { ApiKeysPage } from "./pages/settings";

test("A1: a new owner signs up a studio, confirms the emailed link and lands on the dashboard", async ({ page }) => {
  const owner = newOwner();
  const signUp = new SignUpPage(page);
  await signUp.goto();
  await signUp.submit(owner, { timezone: "Europe/Warsaw" });
  await signUp.finish(owner);
  await new Dashboard(page).expectLoaded(owner.studioName);

  // Signed out and back in, the same studio.
  await new Dashboard(page).signOut();
  await expect(page).toHaveURL(/\/$/);
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(owner.email.toUpperCase(), owner.password);
  await new Dashboard(page).expectLoaded(owner.studioName);
});

test("A1: sign-up with an email that has a login answers the same and checks no password; the mailed link adds the studio", async ({
  page,
}) => {
  const owner = await signUpStudio(page);
  await new Dashboard(page).signOut();
  const second = { ...owner, studioName: `${owner.studioName} Two` };
  const signUp = new SignUpPage(page);
  await signUp.goto();
  // A wrong password: the page cannot tell, so it says the same as for a new address.
  await signUp.submit({ ...second, password: "a stranger's guess 123" });
  await expect(page.getByTestId("check-email")).toContainText(owner.email);
  await expect(page).toHaveURL(/\/signup$/);
  await signUp.finish(second, /^Create .* on Roster$/);
  await new Dashboard(page).expectLoaded(second.studioName);
});

test("sign-up refuses bad input beside its fields and keeps what was typed", async ({ page }) => {
  const signUp = new SignUpPage(page);
  await signUp.goto();
  await signUp.submit({ studioName: "Fine Studio", email: "not-an-email", password: "short" });
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await expect(page.getByLabel("Studio name")).toHaveValue("Fine Studio");
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
});

test("a wrong password shows an error and signs nobody in", async ({ page }) => {
  const owner = await signUpStudio(page);
  await new Dashboard(page).signOut();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(owner.email, "not the password");
  await expect(signIn.error()).toHaveText("That email and password do not match.");
  await expect(page).toHaveURL(/\/signin/);
  // An unknown email reads exactly the same.
  await signIn.signIn("nobody.here@example.test", "not the password");
  await expect(signIn.error()).toHaveText("That email and password do not match.");
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin/);
});

test("an owner creates an API key and a request with it reads the studio", async ({ page, request }) => {
  const owner = await signUpStudio(page);
  const keys = new ApiKeysPage(page);
  await keys.goto();
  const key = await keys.create("Door system");

  const res = await request.get("/api/v1/studio", { headers: { authorization: `Bearer ${key}` } });
  expect(res.status()).toBe(200);
  const studio = await res.json();
  expect(studio.name).toBe(owner.studioName);
  expect(studio.settings).toEqual({
    noRestoreAfterNewPass: false,
    lateCancelHours: 0,
    embedOrigins: [],
    sessionReminderHours: 24,
    bookingOpensDaysBefore: null,
    bookingClosesMinutesBefore: 0,
    waitlistCutoffHours: null,
    lateCancelPolicy: { kind: "forfeit" },
    noShowPolicy: { kind: "forfeit" },
  });

  expect((await request.get("/api/v1/studio")).status()).toBe(401);
  await keys.revoke("Door system");
  expect((await request.get("/api/v1/studio", { headers: { authorization: `Bearer ${key}` } })).status()).toBe(401);
});

test("a member signs up in the portal and is signed in there", async ({ page }) => {
  const owner = await signUpStudio(page);
  const slug = studioSlug(owner);
  await new Dashboard(page).signOut();

  const portal = new Portal(page, slug);
  await portal.gotoSignUp();
  await expect(page.getByRole("link", { name: owner.studioName })).toBeVisible();
  const maja = { name: "Maja Member", email: `maja.${Date.now()}@example.test`, password: "member password 1" };
  await portal.signUp(maja);
  await portal.verifyByMail(maja);
  await portal.expectSignedInAs("Maja");
});

test("a key of studio A asking for a client of studio B gets 404", async ({ page, request }) => {
  await signUpStudio(page);
  const keyA = await new ApiKeysPage(page).gotoAndCreate("A");
  await new Dashboard(page).signOut();
  await signUpStudio(page);
  const keyB = await new ApiKeysPage(page).gotoAndCreate("B");

  const created = await request.post("/api/v1/clients", {
    headers: { authorization: `Bearer ${keyB}` },
    data: { email: `b.client.${Date.now()}@example.test`, name: "B Client" },
  });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  expect((await request.get(`/api/v1/clients/${id}`, { headers: { authorization: `Bearer ${keyB}` } })).status()).toBe(
    200,
  );
  const asA = await request.get(`/api/v1/clients/${id}`, { headers: { authorization: `Bearer ${keyA}` } });
  expect(asA.status()).toBe(404);
  expect(await asA.json()).toEqual({ error: { code: "not_found", message: "Client was not found." } });
  const bad = await request.post("/api/v1/clients", {
    headers: { authorization: `Bearer ${keyA}` },
    data: { email: "x" },
  });
  expect(bad.status()).toBe(400);
  expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["email", "name"]);
});

test("pages carry the security headers and session cookies are HttpOnly and Secure", async ({ page, request }) => {
  const res = await request.get("/");
  const csp = res.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  expect(res.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");

  await signUpStudio(page);
  const session = (await page.context().cookies()).find((c) => c.name.includes("authjs.session-token"));
  expect(session).toBeDefined();
  expect(session!.httpOnly).toBe(true);
  expect(session!.secure).toBe(true);
  expect(session!.sameSite).toBe("Lax");
});
