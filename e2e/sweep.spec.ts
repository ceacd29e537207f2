import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { Dashboard, signUpStudio, studioSlug } from "./pages/auth";
import { Portal } from "./pages/portal";
import { axeFindings, PHONE, sidewaysOverflow } from "./pages/phone";
import { ApiKeysPage } from "./pages/settings";
import { resolveRoute, ROUTES, type SweepFixture, type SweepRole } from "./routes";

const DESKTOP = { width: 1440, height: 900 };
const DAY = 86_400_000;

/**
 * One studio with one of each thing, and a signed-in browser per role: the owner on the dashboard, a member on the
 * portal, the same member inside the embedded flow, and a visitor with no session.
 */
async function setUp(
  browser: Browser,
): Promise<{ fixture: SweepFixture; contexts: Record<SweepRole, BrowserContext> }> {
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  const owner = await signUpStudio(ownerPage);
  const studio = studioSlug(owner);
  const key = await new ApiKeysPage(ownerPage).gotoAndCreate("sweep");
  const api = ownerContext.request;
  const headers = { authorization: `Bearer ${key}` };
  async function post<T>(path: string, data: object): Promise<T> {
    const res = await api.post(`/api/v1${path}`, { headers, data });
    expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
    return (await res.json()) as T;
  }

  const plan = await post<{ id: string }>("/plans", {
    name: "Unlimited month",
    kind: "fixed",
    priceCents: 18000,
    durationDays: 30,
    permissions: [],
    memberOnlyAccess: false,
    public: true,
  });
  const pack = await post<{ id: string }>("/plans", {
    name: "10-class pack",
    kind: "sessions",
    priceCents: 40000,
    sessions: 10,
    durationDays: 90,
    permissions: [],
    memberOnlyAccess: false,
    public: true,
  });
  const cls = await post<{ id: string }>("/classes", {
    title: "Morning vinyasa flow",
    capacity: 12,
    durationMinutes: 60,
    memberOnly: false,
    location: "Studio 1",
  });
  const sessions = await post<{ data: { id: string }[] }>(`/classes/${cls.id}/sessions`, {
    startsAt: new Date(Date.now() + 2 * DAY).toISOString(),
  });
  const sessionId = sessions.data[0]!.id;
  const company = await post<{ id: string }>("/companies", { name: "Northwind Logistics" });

  // The member signs up on the portal (A1: by the mailed link) and gets a pack and a booking.
  const member = {
    name: "Maja Sweep-Kowalska",
    email: `maja.sweep.${Date.now().toString(36)}@example.test`,
    password: "member password 1",
  };
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  const portal = new Portal(memberPage, studio);
  await portal.gotoSignUp();
  await portal.signUp(member);
  await portal.verifyByMail(member);
  await portal.expectSignedInAs("Maja");
  const membership = await post<{ id: string; holder: { id: string } }>("/memberships", {
    planId: pack.id,
    email: member.email,
    startsAt: new Date().toISOString(),
  });
  await post("/bookings", { sessionId, clientId: membership.holder.id });
  await post(`/clients/${membership.holder.id}/notes`, { body: "Left knee: no deep lunges.", shared: true });
  await post(`/companies/${company.id}/clients`, { clientId: membership.holder.id });

  // The same member signs in inside the embedded flow, which keeps its own session (E1).
  const embedContext = await browser.newContext();
  const embedPage = await embedContext.newPage();
  await embedPage.goto(`/embed/${studio}/plans/${plan.id}`);
  const signIn = embedPage.getByRole("form", { name: "Sign in" });
  await signIn.getByLabel("Email").fill(member.email);
  await signIn.getByLabel("Password").fill(member.password);
  await signIn.getByRole("button", { name: "Sign in and continue" }).click();
  await expect(embedPage.getByRole("heading", { name: "Confirm your membership" })).toBeVisible();

  const visitorContext = await browser.newContext();
  await Promise.all([ownerPage.close(), memberPage.close(), embedPage.close()]);
  return {
    fixture: {
      studio,
      planId: plan.id,
      packPlanId: pack.id,
      classId: cls.id,
      sessionId,
      clientId: membership.holder.id,
      companyId: company.id,
      membershipId: membership.id,
    },
    contexts: { owner: ownerContext, member: memberContext, "embed-member": embedContext, visitor: visitorContext },
  };
}

test("every page fits a 390 px phone without sideways scrolling and has no serious or critical axe violation", async ({
  browser,
}, testInfo) => {
  test.setTimeout(900_000);
  const { fixture, contexts } = await setUp(browser);
  const failures: string[] = [];
  for (const route of ROUTES) {
    const path = resolveRoute(route.path, fixture);
    await test.step(`${route.as} ${path}`, async () => {
      const page = await contexts[route.as].newPage();
      try {
        await page.setViewportSize(PHONE);
        const res = await page.goto(path);
        expect.soft(res?.status(), `${path} answers`).toBeLessThan(500);
        await page.waitForLoadState("networkidle");

        const { overflow, widest } = await sidewaysOverflow(page);
        if (overflow > 0) failures.push(`${route.as} ${path}: ${overflow}px sideways; widest ${widest}`);
        expect.soft(overflow, `${path} scrolls sideways; widest: ${widest}`).toBeLessThanOrEqual(0);

        for (const f of await axeFindings(page)) {
          const line = `${route.as} ${path}: ${f.line}`;
          // Moderate and minor ones are reported too (the issue asks them fixed), failing only on the grave ones.
          failures.push(line);
          expect.soft(f.grave, line).toBe(false);
        }
        await testInfo.attach(`390 ${route.as} ${route.path}`, {
          body: await page.screenshot({ fullPage: true }),
          contentType: "image/png",
        });
      } finally {
        await page.close();
      }
    });
  }
  // On a phone the dashboard's side bar folds into a Menu with every item and Sign out.
  await test.step("owner: the dashboard menu on a phone", async () => {
    const page = await contexts.owner.newPage();
    await page.setViewportSize(PHONE);
    await page.goto("/dashboard/clients");
    const nav = page.getByRole("navigation", { name: "Dashboard" });
    await expect(nav).toBeHidden();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeHidden();
    await page.getByRole("button", { name: "Menu" }).click();
    for (const item of ["Overview", "Clients", "Memberships", "Schedule", "Companies", "Settings"])
      await expect(nav.getByRole("link", { name: item })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Clients" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await testInfo.attach("390 owner dashboard menu open", { body: await page.screenshot(), contentType: "image/png" });
    await nav.getByRole("link", { name: "Companies" }).click();
    await expect(page).toHaveURL(/\/dashboard\/companies$/);
    await expect(nav).toBeHidden();
    await page.close();
  });

  await testInfo.attach("findings", { body: failures.join("\n") || "none", contentType: "text/plain" });
  console.log(`sweep: ${ROUTES.length} routes; findings:\n${failures.join("\n") || "none"}`);
  for (const context of Object.values(contexts)) await context.close();
});

test("at 1440 px the clients table fits its area: every column in view, emails whole", async ({ page }, testInfo) => {
  const owner = await signUpStudio(page);
  const key = await new ApiKeysPage(page).gotoAndCreate("clients");
  const headers = { authorization: `Bearer ${key}` };
  const plan = await page.request.post("/api/v1/plans", {
    headers,
    data: {
      name: "Unlimited yoga and pilates month",
      kind: "fixed",
      priceCents: 18000,
      durationDays: 30,
      permissions: [],
      memberOnlyAccess: false,
      public: true,
    },
  });
  expect(plan.ok()).toBe(true);
  const planId = (await plan.json()).id as string;
  const emails = [1, 2, 3].map((n) => `aleksandra.wisniewska-nowak.${n}@corporate-example.test`);
  for (const [i, email] of emails.entries()) {
    const res = await page.request.post("/api/v1/memberships", {
      headers,
      data: { planId, email, name: `Aleksandra Wiśniewska-Nowak ${i + 1}`, startsAt: new Date().toISOString() },
    });
    expect(res.ok(), await res.text()).toBe(true);
    const clientId = ((await res.json()) as { holder: { id: string } }).holder.id;
    for (const tag of ["morning regular", "injury"]) {
      expect((await page.request.post(`/api/v1/clients/${clientId}/tags`, { headers, data: { tag } })).ok()).toBe(true);
    }
  }
  await page.setViewportSize(DESKTOP);
  await new Dashboard(page).open("Clients");
  const table = page.getByRole("table", { name: "Clients" });
  await expect(table.getByText("Unlimited yoga and pilates month").first()).toBeVisible();
  await expect(table.getByRole("columnheader", { name: "Memberships" })).toBeInViewport({ ratio: 1 });
  const box = await table.evaluate((t) => ({
    scroll: t.parentElement!.scrollWidth,
    client: t.parentElement!.clientWidth,
  }));
  expect(box.scroll, "the table is no wider than its box").toBeLessThanOrEqual(box.client);
  // Each half of an address (before and from the "@") stays on one line: no address breaks mid-word.
  for (const email of emails) {
    const halves = await table.getByText(email, { exact: true }).evaluate((el) =>
      Array.from(el.children)
        .filter((c) => c.tagName === "SPAN")
        .map((c) => c.getClientRects().length),
    );
    expect(halves, email).toEqual([1, 1]);
  }
  // Side-by-side fields stay aligned when only one of them has a hint below (Field).
  await page.goto("/dashboard/settings");
  const top = async (label: string) => (await page.getByLabel(label).boundingBox())!.y;
  expect(await top("Studio name")).toBe(await top("Time zone"));
  expect(await top("Currency")).toBe(await top("Late-cancel window (hours)"));
  await testInfo.attach("1440 settings", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  await page.goto("/dashboard/clients");
  await testInfo.attach(`1440 clients of ${owner.studioName}`, {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });
});
