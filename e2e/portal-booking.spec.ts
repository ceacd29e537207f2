import { expect, test } from "@playwright/test";
import { Dashboard, signUpStudio, studioSlug } from "./pages/auth";
import { Portal } from "./pages/portal";
import { PortalBooking } from "./pages/portal-booking";
import { ApiKeysPage } from "./pages/settings";

const DAY = 86_400_000;

test("S1, S8: a member books a class from the portal schedule (7 of 8 left), sees 1 active booking, cancels and has 8 again", async ({
  page,
  request,
}) => {
  const owner = await signUpStudio(page);
  const slug = studioSlug(owner);
  const key = await new ApiKeysPage(page).gotoAndCreate("Schedule setup");
  const headers = { authorization: `Bearer ${key}` };

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
  const planId = (await plan.json()).id as string;
  const title = `Vinyasa ${Date.now().toString(36)}`;
  const cls = await request.post("/api/v1/classes", {
    headers,
    data: { title, capacity: 10, durationMinutes: 60, memberOnly: false, location: "Studio 1" },
  });
  expect(cls.status()).toBe(201);
  const classId = (await cls.json()).id as string;
  const created = await request.post(`/api/v1/classes/${classId}/sessions`, {
    headers,
    data: { startsAt: new Date(Date.now() + 2 * DAY).toISOString() },
  });
  expect(created.status()).toBe(201);
  const sessionId = ((await created.json()).data as { id: string }[])[0]!.id;
  await new Dashboard(page).signOut();

  // A guest browses the schedule; booking asks them to sign in or create an account.
  const booking = new PortalBooking(page, slug);
  await booking.gotoSchedule();
  await expect(page.getByText("10 places left")).toBeVisible();
  await booking.openSession(title);
  await expect(page.getByRole("link", { name: "Sign in to book" })).toHaveAttribute(
    "href",
    `/s/${slug}/signin?next=${encodeURIComponent(`/s/${slug}/sessions/${sessionId}`)}`,
  );
  await expect(page.getByRole("link", { name: "Create an account" }).last()).toBeVisible();

  // The member signs up; the studio gives them the pack.
  const email = `maja.book.${Date.now()}@example.test`;
  const portal = new Portal(page, slug);
  await portal.gotoSignUp();
  await portal.signUp({ name: "Maja Member", email, password: "member password 1" });
  await portal.verifyByMail({ email, password: "member password 1" });
  await portal.expectSignedInAs("Maja");
  const membership = await request.post("/api/v1/memberships", {
    headers,
    data: { planId, email, startsAt: new Date().toISOString() },
  });
  expect(membership.status()).toBe(201);

  // Book from the schedule: one session is taken from the pack at booking (S1).
  await booking.gotoSchedule();
  await booking.openSession(title);
  expect(await booking.book(title)).toBe("Your 8-class pack pays: one session, leaving 7 sessions.");
  await expect(booking.bookingForm(title).getByRole("status")).toHaveText("Booked — 7 sessions left on your pack.");
  await expect(booking.bookingForm(title).getByRole("button", { name: "Cancel my booking" })).toBeVisible();

  // My bookings: one active booking (S8), 7 left.
  await booking.gotoMyBookings();
  await expect(booking.activeCount()).toHaveText("1 active booking");
  await expect(booking.packs()).toContainText("8-class pack: 7 sessions left");
  await expect(booking.upcoming().getByRole("link", { name: title })).toBeVisible();

  // The calendar feed has the booking.
  const ics = await page.request.get(`/s/${slug}/bookings/calendar.ics`);
  expect(ics.status()).toBe(200);
  expect(ics.headers()["content-type"]).toContain("text/calendar");
  const body = await ics.text();
  expect(body).toContain("BEGIN:VEVENT");
  expect(body).toContain(`SUMMARY:${title}`);

  // Cancelling gives the session back (S1): 8 left, no active bookings.
  expect(await booking.cancelFromMyBookings(title)).toBe("The session goes back to your 8-class pack.");
  await expect(page.locator(":focus")).toContainText("Booking cancelled");
  await expect(booking.packs()).toContainText("8-class pack: 8 sessions left");
  await expect(booking.activeCount()).toHaveText("0 active bookings");
  await expect(
    page.getByRole("region", { name: "Past and cancelled" }).getByText("Cancelled", { exact: true }),
  ).toBeVisible();
});

test("the bookings calendar feed refuses a visitor who is not signed in", async ({ page, request }) => {
  const owner = await signUpStudio(page);
  const slug = studioSlug(owner);
  const res = await request.get(`/s/${slug}/bookings/calendar.ics`);
  expect(res.status()).toBe(401);
});
