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
    await this.page.getByRole("link", { name: new RegExp(`^${title}\\s*,`) }).first().click();
    await expect(this.page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  }

  /** The session page's booking area (its result messages appear inside). */
  bookingForm(title: string) {
    return this.page.getByRole("form", { name: `Booking for ${title}` });
  }

  async book(title: string) {
    await this.bookingForm(title).getByRole("button", { name: "Book" }).click();
  }

  async cancelFromSession(title: string) {
    await this.bookingForm(title).getByRole("button", { name: "Cancel my booking" }).click();
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

  /** Cancels the upcoming booking of a class from My bookings. */
  async cancelFromMyBookings(title: string) {
    await this.upcoming().getByRole("button", { name: new RegExp(`^Cancel ${title},`) }).click();
  }
}
