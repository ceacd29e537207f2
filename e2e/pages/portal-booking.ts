import { expect, type Page } from "@playwright/test";

/** The portal's schedule, session page and My bookings: /s/[slug]/schedule, /sessions/[id], /bookings. */
export class PortalBooking {
  constructor(
    private page: Page,
    private slug: string,
  ) {}

  async gotoSchedule() {
    await this.page.goto(`/s/${this.slug}/schedule`);
    await expect(this.page.getByRole("heading", { name: "Schedule", level: 1 })).toBeVisible();
  }

  /** Opens a session from the schedule by its class title. */
  async openSession(title: string) {
    await this.page
      .getByRole("link", { name: new RegExp(`^${title}\\s*,`) })
      .first()
      .click();
    await expect(this.page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  }

  /** The session page's booking area (its result messages appear inside). */
  bookingForm(title: string) {
    return this.page.getByRole("form", { name: `Booking for ${title}` });
  }

  /** "Book", then the confirmation that says what pays (O4); returns what it said. */
  async book(title: string): Promise<string> {
    await this.bookingForm(title).getByRole("button", { name: "Book", exact: true }).click();
    const dialog = this.page.getByRole("dialog", { name: `Book ${title}?` });
    await expect(dialog).toBeVisible();
    const said = (await dialog.getByTestId("confirm-text").textContent()) ?? "";
    await dialog.getByRole("button", { name: "Confirm booking" }).click();
    await expect(dialog).toBeHidden();
    return said;
  }

  async cancelFromSession(title: string) {
    await this.bookingForm(title).getByRole("button", { name: "Cancel my booking" }).click();
    const dialog = this.page.getByRole("dialog", { name: `Cancel your booking of ${title}?` });
    await dialog.getByRole("button", { name: "Cancel booking" }).click();
    await expect(dialog).toBeHidden();
  }

  async gotoMyBookings() {
    await this.page.goto(`/s/${this.slug}/bookings`);
    await expect(this.page.getByRole("heading", { name: "My bookings", level: 1 })).toBeVisible();
  }

  activeCount() {
    return this.page.getByTestId("active-bookings");
  }

  /** The "sessions left" list on My bookings. */
  packs() {
    return this.page.getByRole("list", { name: "Sessions left on your packs" });
  }

  upcoming() {
    return this.page.getByRole("region", { name: "Upcoming classes" });
  }

  /** Cancels the upcoming booking of a class from My bookings, through its confirmation (O4); returns what it said. */
  async cancelFromMyBookings(title: string): Promise<string> {
    await this.upcoming()
      .getByRole("button", { name: new RegExp(`^Cancel ${title},`) })
      .click();
    const dialog = this.page.getByRole("dialog", { name: `Cancel your booking of ${title}?` });
    await expect(dialog).toBeVisible();
    const said = (await dialog.getByTestId("confirm-text").textContent()) ?? "";
    await dialog.getByRole("button", { name: "Cancel booking" }).click();
    await expect(dialog).toBeHidden();
    return said;
  }
}
