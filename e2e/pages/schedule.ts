import { expect, type Page } from "@playwright/test";

/** Dashboard → Schedule: the week view. */
export class SchedulePage {
  constructor(private page: Page) {}

  async goto(week?: string) {
    await this.page.goto(week ? `/dashboard/schedule?week=${week}` : "/dashboard/schedule");
    await expect(this.page.getByRole("heading", { name: "Schedule", level: 1 })).toBeVisible();
  }

  /** The session card links of the shown week's time grid (wide screens), e.g. "18:00–19:00 Yoga 1/1 …". */
  sessionLink(title: string) {
    return this.page.getByTestId("week-grid").getByRole("link").filter({ hasText: title });
  }
}

/** Classes list with its "New class" form, and a class page with "Add sessions". */
export class ClassesPage {
  constructor(private page: Page) {}

  async goto() {
    await this.page.goto("/dashboard/schedule/classes");
    await expect(this.page.getByRole("heading", { name: "Classes", level: 1 })).toBeVisible();
  }

  /** Fills "New class" and lands on the class page. `dropIn` is in major units ("10.00"), empty for none. */
  async createClass(c: { title: string; capacity: number; minutes?: number; dropIn?: string; memberOnly?: boolean }) {
    const form = this.page.getByRole("region", { name: "New class" });
    await form.getByLabel("Title").fill(c.title);
    await form.getByLabel("Capacity").fill(String(c.capacity));
    await form.getByLabel("Length in minutes").fill(String(c.minutes ?? 60));
    if (c.dropIn !== undefined) await form.getByLabel(/Drop-in price/).fill(c.dropIn);
    if (c.memberOnly) await form.getByLabel("Members only").check();
    await form.getByRole("button", { name: "Create class" }).click();
    await expect(this.page.getByRole("heading", { name: c.title, level: 1 })).toBeVisible();
  }

  /** On a class page: one session on the given studio day ("YYYY-MM-DD") and time ("HH:MM"). */
  async addOneOffSession(date: string, time: string) {
    const form = this.page.getByRole("region", { name: "Add sessions" });
    await form.getByRole("radio", { name: "One-off" }).check();
    await form.getByLabel("Date").fill(date);
    await form.getByLabel("Start time").fill(time);
    await form.getByRole("button", { name: "Add sessions" }).click();
    await expect(form.getByRole("status")).toHaveText(/Added 1 session/);
  }

  /** The studio's today, as the class page's date input knows it (its `min`). */
  async studioToday(): Promise<string> {
    const min = await this.page.getByRole("region", { name: "Add sessions" }).getByLabel("Date").getAttribute("min");
    if (!min) throw new Error("The date input has no min (today in the studio's zone)");
    return min;
  }

  async openFirstUpcomingSession() {
    await this.page.getByRole("table", { name: "Upcoming sessions" }).getByRole("link").first().click();
    await expect(this.page.getByRole("heading", { name: "Attendance", level: 2 })).toBeVisible();
  }
}

/** A session's page: attendance, "Book a client", waitlist. */
export class SessionPage {
  constructor(private page: Page) {}

  row(email: string) {
    return this.page.getByRole("table", { name: "Attendance" }).getByRole("row").filter({ hasText: email });
  }

  private bookForm() {
    return this.page.getByRole("region", { name: "Book a client" });
  }

  async fillBooking(email: string, name: string) {
    await this.bookForm().getByLabel("Client email").fill(email);
    await this.bookForm().getByLabel("Name (for a new client)").fill(name);
    await this.bookForm().getByRole("button", { name: "Book client" }).click();
  }

  async book(email: string, name: string) {
    await this.fillBooking(email, name);
    await expect(this.bookForm().getByRole("status")).toHaveText(`Booked ${email}.`);
    await expect(this.row(email)).toBeVisible();
  }

  /** Books into a full session: sees class_full and adds the client to the waitlist instead. */
  async bookFullThenWaitlist(email: string, name: string) {
    await this.fillBooking(email, name);
    await expect(this.bookForm().getByRole("alert")).toContainText("full");
    await this.bookForm().getByRole("button", { name: "Add to waitlist" }).click();
    await expect(this.bookForm().getByRole("status")).toContainText(`Added ${email} to the waitlist.`);
    await expect(this.page.getByTestId("waitlist-count")).toHaveText("1");
  }

  async cancelBooking(email: string) {
    await this.row(email).getByRole("button", { name: "Cancel booking" }).click();
  }

  presentToggle(name: string) {
    return this.page.getByRole("checkbox", { name: `Present: ${name}` });
  }

  /** O1: "Edit session": a new day and start time in the studio's zone; waits for the saved message. */
  async moveTo(date: string, time: string): Promise<string> {
    await this.page.getByRole("button", { name: "Edit session" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Edit this session" });
    await dialog.getByLabel("Day").fill(date);
    await dialog.getByLabel("Start time").fill(time);
    await dialog.getByRole("button", { name: "Save session" }).click();
    await expect(dialog).toBeHidden();
    const status = this.page.getByRole("status").filter({ hasText: "Session saved." });
    await expect(status).toBeAttached();
    return (await status.textContent()) ?? "";
  }
}

/** O3: Dashboard → Payments: everything due, with its total and Mark paid on each row. */
export class PaymentsDuePage {
  constructor(private page: Page) {}

  async goto() {
    await this.page.goto("/dashboard/payments");
    await expect(this.page.getByRole("heading", { name: "Payments due", level: 1 })).toBeVisible();
  }

  row(clientName: string) {
    return this.page.getByTestId("due-row").filter({ hasText: clientName });
  }

  total() {
    return this.page.getByTestId("due-total");
  }

  async markPaid(clientName: string, method: "Cash" | "Bank transfer" | "Card terminal") {
    await this.row(clientName)
      .getByRole("button", { name: /^Mark paid/ })
      .click();
    const dialog = this.page.getByRole("dialog", { name: "Mark the payment as paid" });
    await dialog.getByLabel("Paid by").selectOption({ label: method });
    await dialog.getByRole("button", { name: "Mark paid" }).click();
    await expect(dialog).toBeHidden();
  }
}
