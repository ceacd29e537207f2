import { expect, test } from "@playwright/test";
import { Dashboard, signUpStudio, studioSlug } from "./pages/auth";
import { Mailbox } from "./pages/mailbox";
import { Portal } from "./pages/portal";
import { PortalBooking } from "./pages/portal-booking";
import { ClassesPage, PaymentsDuePage, SchedulePage, SessionPage } from "./pages/schedule";

function unique(label: string): string {
  return `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10);
}

test("B1, B4, B5: an owner schedules a one-place class, the second client waits, a cancel promotes them, and Present sticks", async ({
  page,
}) => {
  await signUpStudio(page);
  const schedule = new SchedulePage(page);
  await schedule.goto();
  await expect(page.getByRole("heading", { name: "No classes yet" })).toBeVisible();
  await page.getByRole("link", { name: "Create your first class" }).click();

  const classes = new ClassesPage(page);
  await expect(page.getByRole("heading", { name: "Classes", level: 1 })).toBeVisible();
  const title = `Reformer ${unique("")}`;
  await classes.createClass({ title, capacity: 1, minutes: 50, dropIn: "15.00" });

  const tomorrow = nextDay(await classes.studioToday());
  await classes.addOneOffSession(tomorrow, "18:00");
  await classes.openFirstUpcomingSession();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(page.getByTestId("booked-count")).toHaveText("0/1");

  const session = new SessionPage(page);
  const a = { name: "Ada Early", email: `${unique("ada.")}@example.test` };
  const b = { name: "Bea Waiting", email: `${unique("bea.")}@example.test` };

  await session.book(a.email, a.name);
  await expect(session.row(a.email)).toContainText("Drop-in");
  await expect(page.getByTestId("booked-count")).toHaveText("1/1");

  // B1: the one place is taken; B4: the second client queues instead.
  await session.bookFullThenWaitlist(b.email, b.name);
  await expect(session.row(b.email)).toHaveCount(0);

  // B4: cancelling A's booking books B automatically.
  await session.cancelBooking(a.email);
  await expect(session.row(a.email).getByText("Cancelled", { exact: true })).toBeVisible();
  await expect(session.row(b.email).getByText("Booked", { exact: true })).toBeVisible();
  await expect(page.getByTestId("booked-count")).toHaveText("1/1");
  await expect(page.getByTestId("waitlist-count")).toHaveText("0");

  // B5: the Present mark is saved and survives a reload.
  const present = session.presentToggle(b.name);
  await expect(present).not.toBeChecked();
  await present.check();
  await expect(present).toBeChecked();
  await expect(present).toBeEnabled();
  await page.reload();
  await expect(session.presentToggle(b.name)).toBeChecked();
  await expect(page.getByTestId("booked-count")).toHaveText("1/1");

  // The week view shows the session with its count.
  await schedule.goto(tomorrow);
  await expect(schedule.sessionLink(title)).toContainText("1/1");
});

/** Fails when the page scrolls sideways (390 px phones). */
async function expectNoSidewaysScroll(page: import("@playwright/test").Page) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(inner);
}

test("O1: the owner moves a booked session to another time; the member gets the mail and sees the new time", async ({
  page,
}, testInfo) => {
  const owner = await signUpStudio(page);
  const slug = studioSlug(owner);
  const classes = new ClassesPage(page);
  await classes.goto();
  const title = `Barre ${unique("")}`;
  await classes.createClass({ title, capacity: 8, minutes: 45, dropIn: "12.00" });
  const tomorrow = nextDay(await classes.studioToday());
  const dayAfter = nextDay(tomorrow);
  await classes.addOneOffSession(tomorrow, "18:00");
  await classes.openFirstUpcomingSession();

  const member = { name: "Mira Moved", email: `${unique("mira.")}@example.test`, password: "member password 1" };
  const session = new SessionPage(page);
  await session.book(member.email, member.name);

  // O1: a new day and time; the one booked client is told.
  const saved = await session.moveTo(dayAfter, "19:30");
  expect(saved).toContain("1 booked client gets an email with the new time.");
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(page.locator("main header time").first()).toContainText("19:30–20:15");
  await testInfo.attach("session page after the move (1440)", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  const mail = await new Mailbox().latest(member.email, /^New time: /);
  expect(mail.subject).toContain(title);
  expect(mail.subject).toContain("19:30 to 20:15");
  // The body is multipart, quoted-printable: join its soft line breaks before reading it.
  const body = mail.text.replace(/=\r?\n/g, "");
  expect(body).toContain("18:00 to 18:45");
  expect(body).toContain("Your booking stands at the new time.");

  // The week view: a time grid whose day headings stand in one row (Today pushes nothing down).
  const schedule = new SchedulePage(page);
  await schedule.goto(dayAfter);
  await expect(schedule.sessionLink(title)).toContainText("19:30–20:15");
  const tops = await page
    .getByTestId("week-grid")
    .getByRole("heading", { level: 3 })
    .evaluateAll((hs) => hs.map((h) => Math.round(h.getBoundingClientRect().top)));
  expect(tops).toHaveLength(7);
  expect(new Set(tops).size).toBe(1);
  await testInfo.attach("week view (1440)", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  // Phones: the day view, no sideways scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/dashboard/schedule?week=${dayAfter}&day=${dayAfter}`);
  await expect(page.getByTestId("day-view").getByRole("link", { name: new RegExp(title) })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await testInfo.attach("day view (390)", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await new Dashboard(page).signOut();

  // The member opens an account with the booked email (C1 links it) and sees the new time.
  const portal = new Portal(page, slug);
  await portal.gotoSignUp();
  await portal.signUp(member);
  await portal.verifyByMail(member);
  await portal.expectSignedInAs("Mira");
  const booking = new PortalBooking(page, slug);
  await booking.gotoMyBookings();
  await expect(booking.upcoming()).toContainText(title);
  await expect(booking.upcoming()).toContainText("19:30–20:15");
});

test("O3: staff mark a drop-in paid from Payments; the list and its total follow", async ({ page }, testInfo) => {
  await signUpStudio(page);
  const classes = new ClassesPage(page);
  await classes.goto();
  const title = `Spin ${unique("")}`;
  await classes.createClass({ title, capacity: 5, minutes: 45, dropIn: "15.00" });
  await classes.addOneOffSession(nextDay(await classes.studioToday()), "07:00");
  await classes.openFirstUpcomingSession();
  const session = new SessionPage(page);
  const guest = { name: "Dora Dropin", email: `${unique("dora.")}@example.test` };
  await session.book(guest.email, guest.name);
  await expect(session.row(guest.email)).toContainText("Drop-in");

  // Dashboard → Payments lists the drop-in due with the total.
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Payments" }).click();
  const payments = new PaymentsDuePage(page);
  await expect(page.getByRole("heading", { name: "Payments due", level: 1 })).toBeVisible();
  await expect(payments.row(guest.name)).toContainText("Drop-in");
  await expect(payments.row(guest.name)).toContainText(title);
  await expect(payments.row(guest.name)).toContainText("15.00");
  await expect(payments.total()).toContainText("15.00");
  await expect(payments.total()).toContainText("1 payment");
  await page.getByRole("link", { name: "Drop-ins" }).click();
  await expect(payments.row(guest.name)).toBeVisible();
  await page.getByRole("link", { name: "Memberships", exact: true }).last().click();
  await expect(page.getByRole("heading", { name: "Nothing due matches" })).toBeVisible();
  await payments.goto();
  await testInfo.attach("payments due (1440)", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSidewaysScroll(page);
  await testInfo.attach("payments due (390)", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });
  await page.setViewportSize({ width: 1280, height: 900 });

  await payments.markPaid(guest.name, "Cash");
  // The row announces it too (sr-only) until it leaves the list: either status will do.
  await expect(page.getByRole("status").filter({ hasText: "marked paid by cash" }).first()).toBeAttached();
  await expect(payments.row(guest.name)).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Nothing is due" })).toBeVisible();
  await payments.goto();
  await expect(payments.row(guest.name)).toHaveCount(0);
});
