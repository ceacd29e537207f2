import { expect, test } from "@playwright/test";
import { Dashboard, SignInPage, signUpStudio } from "./pages/auth";
import { MembershipsPage, PlanPage } from "./pages/memberships";
import { ClassesPage, SchedulePage, SessionPage } from "./pages/schedule";
import { invitationLinkFromMail, InvitePage, MySessionsPage, TeamPage } from "./pages/team";

function unique(label: string): string {
  return `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10);
}

test("T1–T3: the owner invites an instructor, who accepts, teaches a class, marks attendance, and is refused settings and sales", async ({
  page,
  browser,
}) => {
  // The owner: a plan, a class with a session tomorrow, and a client booked into it.
  await signUpStudio(page);
  const plans = new MembershipsPage(page);
  const planName = `Pack ${unique("")}`;
  await plans.createPlan({ kind: "sessions", name: planName, price: "100.00", sessions: 5, days: 60 });

  const classes = new ClassesPage(page);
  await classes.goto();
  const title = `Vinyasa ${unique("")}`;
  await classes.createClass({ title, capacity: 5, dropIn: "10.00" });
  const classUrl = page.url();
  const tomorrow = nextDay(await classes.studioToday());
  await classes.addOneOffSession(tomorrow, "18:00");
  await classes.openFirstUpcomingSession();
  const ada = { name: "Ada Attendee", email: `${unique("ada.")}@example.test` };
  await new SessionPage(page).book(ada.email, ada.name);

  // T1: the invitation goes out by mail, with a single-use link.
  const team = new TeamPage(page);
  await team.goto();
  const ines = { name: "Ines Instructor", email: `${unique("ines.")}@example.test`, password: "e2e instructor 1234" };
  await team.invite(ines.email, "Instructor");
  const link = await invitationLinkFromMail(ines.email);

  // The instructor, in their own browser: a new login made through the link (the link proves the email).
  const theirs = await browser.newContext();
  const instructor = await theirs.newPage();
  await new InvitePage(instructor).acceptWithNewLogin(link, ines.name, ines.password);
  await expect(instructor.getByText("Signed in as instructor")).toBeVisible();
  // The link was single use.
  await instructor.goto(link);
  await expect(instructor.getByText("This invitation was used already.")).toBeVisible();

  // The owner sees them on the team and makes them the class's instructor (T3).
  await team.goto();
  await expect(team.staffRow(ines.email)).toContainText("Ines Instructor");
  await page.goto(classUrl);
  await page.getByLabel("Instructor", { exact: true }).selectOption({ label: ines.name });
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Instructor saved.")).toBeVisible();

  // A week view shows each session's instructor.
  const schedule = new SchedulePage(page);
  await schedule.goto(tomorrow);
  await expect(schedule.sessionLink(title).first()).toContainText(ines.name);

  // The instructor signs in again (a fresh session) and marks attendance in "My sessions".
  await instructor.goto("/dashboard");
  await new Dashboard(instructor).signOut();
  const signIn = new SignInPage(instructor);
  await signIn.goto();
  await signIn.signIn(ines.email, ines.password);
  await expect(instructor).toHaveURL(/\/dashboard$/);
  const mine = new MySessionsPage(instructor);
  await mine.goto();
  const session = mine.session(title);
  await expect(session).toContainText(ada.name);
  const present = session.getByRole("checkbox", { name: `Present: ${ada.name}` });
  await present.check();
  await expect(present).toBeChecked();
  // Checked at once (optimistic) and disabled until the action has saved: reload only after that.
  await expect(present).toBeEnabled();
  await instructor.reload();
  await expect(mine.session(title).getByRole("checkbox", { name: `Present: ${ada.name}` })).toBeChecked();

  // T2: no Settings for an instructor…
  await expect(
    instructor.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Settings" }),
  ).toHaveCount(0);
  await instructor.goto("/dashboard/settings");
  await expect(instructor.getByText("Your role has no access to settings")).toBeVisible();
  await instructor.goto("/dashboard/settings/team");
  await expect(instructor.getByText("Your role has no access to settings")).toBeVisible();
  await expect(instructor.getByRole("button", { name: "Send invitation" })).toHaveCount(0);

  // …and no membership sale.
  await instructor.goto("/dashboard/memberships");
  await new MembershipsPage(instructor).openPlan(planName);
  const planPage = new PlanPage(instructor);
  await planPage.openMembersTab();
  const form = instructor.getByRole("form", { name: "Add member" });
  await form.getByRole("textbox", { name: "Client email" }).fill(ada.email);
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(form.getByRole("alert")).toContainText("You do not have permission to do this.");
  await theirs.close();
});
