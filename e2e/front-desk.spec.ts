import { expect, test, type APIRequestContext } from "@playwright/test";
import { Dashboard, signUpStudio, studioSlug } from "./pages/auth";
import { FrontDesk } from "./pages/front-desk";
import { Portal } from "./pages/portal";
import { PortalBooking } from "./pages/portal-booking";
import { ApiKeysPage } from "./pages/settings";
import { invitationLinkFromMail, InvitePage, TeamPage } from "./pages/team";

function unique(label: string): string {
  return `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** A zone where it is now between 06:00 and 18:00, so a session two hours from now is still today there. */
function daytimeZone(now = new Date()): string {
  const zones = ["UTC", "Asia/Tokyo", "America/New_York", "Asia/Kolkata", "America/Los_Angeles", "Pacific/Auckland"];
  return zones.find((timeZone) => {
    const h = Number(new Intl.DateTimeFormat("en-GB", { timeZone, hour: "numeric", hourCycle: "h23" }).format(now));
    return h >= 6 && h < 18;
  })!;
}

async function post(request: APIRequestContext, headers: Record<string, string>, path: string, data: unknown) {
  const res = await request.post(path, { headers, data });
  expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300);
  return res.json();
}

test("O2: the front desk checks a member in by name, and a pack at 0 shows as unable to pay", async ({
  page,
  browser,
  request,
}) => {
  // The owner: a studio in a zone where it is daytime, a pack, a class with a session later today.
  await signUpStudio(page);
  const key = await new ApiKeysPage(page).gotoAndCreate("Front desk setup");
  const headers = { authorization: `Bearer ${key}` };
  const settings = await request.patch("/api/v1/studio/settings", { headers, data: { timezone: daytimeZone() } });
  expect(settings.status()).toBe(200);
  const planName = `Ten pack ${unique("")}`;
  const plan = await post(request, headers, "/api/v1/plans", {
    name: planName,
    kind: "sessions",
    priceCents: 30000,
    sessions: 10,
    durationDays: 90,
    permissions: [],
    memberOnlyAccess: false,
    public: true,
  });
  const title = `Vinyasa ${unique("")}`;
  const cls = await post(request, headers, "/api/v1/classes", {
    title,
    capacity: 8,
    durationMinutes: 60,
    memberOnly: false,
    dropInPriceCents: 4000,
    location: "Studio 1",
  });
  const sessions = await post(request, headers, `/api/v1/classes/${cls.id}/sessions`, {
    startsAt: new Date(Date.now() + 2 * 3600_000).toISOString(),
  });
  const sessionId = sessions.data[0].id as string;

  // Mia holds the pack and is booked; Paula's pack is at 0.
  const mia = { name: `Mia ${unique("M")}`, email: `${unique("mia.")}@example.test` };
  const miaPack = await post(request, headers, "/api/v1/memberships", { planId: plan.id, ...mia });
  await post(request, headers, "/api/v1/bookings", { sessionId, clientId: miaPack.holder.id });
  const paula = { name: `Paula ${unique("P")}`, email: `${unique("paula.")}@example.test` };
  await post(request, headers, "/api/v1/memberships", { planId: plan.id, ...paula, sessionsRemaining: 0 });

  // The front desk joins through an invitation.
  const team = new TeamPage(page);
  await team.goto();
  const fiona = { name: "Fiona Frontdesk", email: `${unique("fiona.")}@example.test`, password: "e2e front desk 1234" };
  await team.invite(fiona.email, "Front desk");
  const link = await invitationLinkFromMail(fiona.email);
  const desk = await (await browser.newContext()).newPage();
  await new InvitePage(desk).acceptWithNewLogin(link, fiona.name, fiona.password);

  // By name: Mia's pack can pay, her booking is there, one tap checks her in and the message takes the focus.
  const frontDesk = new FrontDesk(desk);
  await frontDesk.goto();
  await frontDesk.findByName(mia.name.slice(0, 8), mia.name);
  await expect(frontDesk.person(mia.name).getByText("A membership can pay")).toBeVisible();
  await expect(frontDesk.membership(planName)).toContainText("Can pay");
  await expect(frontDesk.membership(planName)).toContainText("9 sessions left of 10");
  await expect(frontDesk.session(title)).toContainText("Booked");
  await frontDesk
    .session(title)
    .getByRole("button", { name: new RegExp(`^Check in ${mia.name} to ${title}`) })
    .click();
  const done = desk.getByRole("status").filter({ hasText: `${mia.name} is checked in to ${title}` });
  await expect(done).toBeVisible();
  await expect(desk.locator(":focus")).toContainText(`${mia.name} is checked in`);
  await expect(frontDesk.session(title)).toContainText("Checked in");
  await expect(frontDesk.session(title).getByRole("button")).toHaveCount(0);
  await desk.screenshot({ path: test.info().outputPath("front-desk-checked-in.png"), fullPage: true });

  // The attendance list agrees: the booking is present, no second booking, still 9 sessions left.
  const attendance = await request.get(`/api/v1/sessions/${sessionId}/attendance`, { headers });
  const rows = (await attendance.json()).data as { booking: { clientId: string; present: boolean } }[];
  expect(rows.map((r) => [r.booking.clientId, r.booking.present])).toEqual([[miaPack.holder.id, true]]);

  // Paula: the pack at 0 is never green, and the walk-in cannot be booked with it.
  await frontDesk.findByName(paula.name.slice(0, 8), paula.name);
  await expect(frontDesk.person(paula.name).getByText("No membership can pay")).toBeVisible();
  await expect(frontDesk.membership(planName)).toContainText("No sessions left — cannot pay");
  await expect(frontDesk.membership(planName)).toContainText("0 sessions left of 10");
  await expect(frontDesk.session(title)).toContainText("Cannot book: There are no sessions left");
  await expect(frontDesk.session(title).getByRole("button")).toHaveCount(0);
  await desk.screenshot({ path: test.info().outputPath("front-desk-pack-at-zero.png"), fullPage: true });

  // The plan's Members tab says the same, and so does the API.
  await desk.goto(`/dashboard/memberships/plans/${plan.id}/members`);
  const paulaRow = desk.getByRole("row").filter({ hasText: paula.name });
  await expect(paulaRow).toContainText("No sessions left");
  const members = await request.get(`/api/v1/plans/${plan.id}/members`, { headers });
  const byName = Object.fromEntries(
    ((await members.json()).data as { client: { name: string }; canPay: boolean }[]).map((m) => [
      m.client.name,
      m.canPay,
    ]),
  );
  expect(byName).toEqual({ [mia.name]: true, [paula.name]: false });

  // At 390 px the desk fits the screen.
  await desk.setViewportSize({ width: 390, height: 844 });
  await desk.goto(`/dashboard/scan?client=${miaPack.holder.id}`);
  await expect(frontDesk.session(title)).toContainText("Checked in");
  expect(await desk.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});

test("O4, B2: a member without a pack sees the drop-in price before confirming; a members-only class says which plans give access", async ({
  page,
  request,
}) => {
  const owner = await signUpStudio(page);
  const slug = studioSlug(owner);
  const key = await new ApiKeysPage(page).gotoAndCreate("Prices setup");
  const headers = { authorization: `Bearer ${key}` };
  const { currency } = await (await request.get("/api/v1/studio", { headers })).json();
  const title = `Hatha ${unique("")}`;
  const cls = await post(request, headers, "/api/v1/classes", {
    title,
    capacity: 10,
    durationMinutes: 60,
    memberOnly: false,
    dropInPriceCents: 5000,
  });
  await post(request, headers, `/api/v1/classes/${cls.id}/sessions`, {
    startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
  });
  const closed = `Members ${unique("")}`;
  const membersOnly = await post(request, headers, "/api/v1/classes", {
    title: closed,
    capacity: 10,
    durationMinutes: 60,
    memberOnly: true,
  });
  const membersSession = await post(request, headers, `/api/v1/classes/${membersOnly.id}/sessions`, {
    startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
  });
  const granting = `Unlimited ${unique("")}`;
  await post(request, headers, "/api/v1/plans", {
    name: granting,
    kind: "recurring",
    interval: "month",
    priceCents: 20000,
    permissions: [],
    memberOnlyAccess: true,
    public: true,
  });
  await new Dashboard(page).signOut();

  // A member with no pack: the price is said before the booking is confirmed, and again after.
  const email = `${unique("nora.")}@example.test`;
  const portal = new Portal(page, slug);
  await portal.gotoSignUp();
  await portal.signUp({ name: "Nora Nopack", email, password: "member password 1" });
  await portal.verifyByMail({ email, password: "member password 1" });
  await portal.expectSignedInAs("Nora");
  const price = new Intl.NumberFormat("en-GB", { style: "currency", currency }).format(50);
  const booking = new PortalBooking(page, slug);
  await booking.gotoSchedule();
  await booking.openSession(title);
  await expect(page.getByTestId("booking-cost")).toHaveText(`A drop-in: ${price}, due at the studio when you arrive.`);
  await booking.bookingForm(title).getByRole("button", { name: "Book", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: `Book ${title}?` });
  await expect(confirm.getByTestId("confirm-text")).toHaveText(
    `A drop-in: ${price}, due at the studio when you arrive.`,
  );
  await page.screenshot({ path: test.info().outputPath("portal-price-before-confirming.png"), fullPage: true });
  await confirm.getByRole("button", { name: "Confirm booking" }).click();
  await expect(booking.bookingForm(title).getByRole("status")).toContainText("Booked");
  await expect(page.locator(":focus")).toContainText("Booked");

  // Cancelling asks first and says nothing goes back to a pack.
  await booking.bookingForm(title).getByRole("button", { name: "Cancel my booking" }).click();
  const cancel = page.getByRole("dialog", { name: `Cancel your booking of ${title}?` });
  await expect(cancel.getByTestId("confirm-text")).toContainText("This was a drop-in");
  await cancel.getByRole("button", { name: "Keep my booking" }).click();
  await expect(cancel).toBeHidden();
  await expect(booking.bookingForm(title).getByRole("button", { name: "Cancel my booking" })).toBeVisible();

  // The members-only class: marked on the schedule, and the session page says why and which plans give access.
  await booking.gotoSchedule();
  await expect(page.getByRole("link", { name: new RegExp(`^Details ${closed}`) })).toBeVisible();
  await page.goto(`/s/${slug}/sessions/${membersSession.data[0].id}`);
  const note = page.getByTestId("members-only");
  await expect(note).toContainText(granting);
  await expect(note.getByRole("link", { name: "See the plans" })).toHaveAttribute("href", `/s/${slug}/plans`);
  await expect(page.getByRole("button", { name: "Book", exact: true })).toHaveCount(0);
});
