import { expect, type Page } from "@playwright/test";
import { Mailbox } from "./mailbox";

/** A5: a visitor's quick booking on a session page, and the confirmation link mailed to the address given. */
export class GuestBooking {
  constructor(
    private page: Page,
    private slug: string,
  ) {}
  private form() {
    return this.page.getByRole("form", { name: "Book as a guest" });
  }
  async request(sessionId: string, g: { name: string; email: string }) {
    await this.page.goto(`/s/${this.slug}/sessions/${sessionId}`);
    await this.form().getByLabel("Your name").fill(g.name);
    await this.form().getByLabel("Your email").fill(g.email);
    await this.form().getByRole("button", { name: "Book as a guest" }).click();
    await expect(this.page.getByText(/^Check your email to confirm/)).toBeVisible();
  }
  /** The person at the address opens the mailed link and confirms. */
  async confirmByMail(email: string) {
    const link = await new Mailbox().link(email, /^Confirm your booking/, `/s/${this.slug}/confirm`);
    await this.page.goto(link);
    await expect(this.page.getByRole("heading", { name: "Confirm your booking" })).toBeVisible();
    await this.page.getByRole("button", { name: "Confirm my booking" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "Booked — see you there." })).toBeVisible();
  }
}
