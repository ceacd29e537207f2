import { expect, test } from "@playwright/test";
import { signUpStudio } from "./pages/auth";
import { ClassesPage, SchedulePage, SessionPage } from "./pages/schedule";

function unique(label: string): string {
  return `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10);
}

test("B1, B4, B5: an owner schedules a one-place class, the second client waits, a cancel promotes them, and Present sticks", async ({ page }) => {
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
