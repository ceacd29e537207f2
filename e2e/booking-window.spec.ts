import { expect, test } from "@playwright/test";
import { Dashboard, signUpStudio, studioSlug } from "./pages/auth";
import { Portal } from "./pages/portal";
import { PortalBooking } from "./pages/portal-booking";
import { ApiKeysPage } from "./pages/settings";

const DAY = 86_400_000;

/** "Tue 8 Dec, 09:00" in the zone: how the portal says when booking opens (B8). */
function opening(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
}

test("B8: a member books too early and is told when booking opens (schedule and session page, in words)", async ({
  page,
  request,
}) => {
  const owner = await signUpStudio(page);
  const slug = studioSlug(owner);

  // The owner sets the window in Settings → General: booking opens 2 days before a class.
  await new Dashboard(page).open("Settings");
  await page.getByLabel("Booking opens (days before)").fill("2");
  await page.getByLabel("Booking closes (minutes before)").fill("0");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved")).toBeVisible();

  const key = await new ApiKeysPage(page).gotoAndCreate("Window setup");
  const headers = { authorization: `Bearer ${key}` };
  const studio = await (await request.get("/api/v1/studio", { headers })).json();
  expect(studio.settings).toMatchObject({ bookingOpensDaysBefore: 2, bookingClosesMinutesBefore: 0 });
  const tz = studio.timezone as string;

  const plan = await request.post("/api/v1/plans", {
    headers,
    data: {
      name: "8-class pack",
      kind: "sessions",
      priceCents: 12000,
      sessions: 8,
      durationDays: 60,
      permissions: [],
      memberOnlyAccess: false,
      public: true,
    },
  });
  expect(plan.status()).toBe(201);
  const title = `Early flow ${Date.now().toString(36)}`;
  const cls = await request.post("/api/v1/classes", {
    headers,
    data: { title, capacity: 10, durationMinutes: 60, memberOnly: false },
  });
  expect(cls.status()).toBe(201);
  // Five days ahead, on the hour: booking opens two days before, at the same time of day.
  const startsAt = new Date(Math.ceil((Date.now() + 5 * DAY) / 3_600_000) * 3_600_000);
  const created = await request.post(`/api/v1/classes/${(await cls.json()).id}/sessions`, {
    headers,
    data: { startsAt: startsAt.toISOString() },
  });
  expect(created.status()).toBe(201);
  const sessionId = ((await created.json()).data as { id: string }[])[0]!.id;
  await new Dashboard(page).signOut();

  const email = `early.${Date.now()}@example.test`;
  const portal = new Portal(page, slug);
  await portal.gotoSignUp();
  await portal.signUp({ name: "Erin Early", email, password: "member password 1" });
  await portal.verifyByMail({ email, password: "member password 1" });
  await portal.expectSignedInAs("Erin");
  const membership = await request.post("/api/v1/memberships", {
    headers,
    data: { planId: (await plan.json()).id, email, startsAt: new Date().toISOString() },
  });
  expect(membership.status()).toBe(201);

  const opens = opening(new Date(startsAt.getTime() - 2 * DAY), tz);
  const booking = new PortalBooking(page, slug);
  await booking.gotoSchedule();
  const row = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: new RegExp(`^${title}`) }) });
  await expect(row.getByTestId("booking-opens")).toHaveText(`Booking opens ${opens}`);
  await expect(row.getByRole("link", { name: /^Book / })).toHaveCount(0);

  // The session page says when, in words, instead of a Book button.
  await booking.openSession(title);
  const said = page.getByTestId("booking-opens");
  await expect(said).toContainText(`Booking opens ${opens}.`);
  await expect(said).not.toContainText("booking_not_open");
  await expect(page.getByRole("button", { name: "Book", exact: true })).toHaveCount(0);

  // The same booking through the API, as the member's own, is refused with the code (staff would not be).
  const refused = await request.post("/api/v1/bookings", {
    headers,
    data: { sessionId, email, by: "member" },
  });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error.code).toBe("booking_not_open");
});
