import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** Dashboard → Reports (R9, R10). */
export class ReportsPage {
  constructor(private page: Page) {}

  async open() {
    await this.page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Reports" }).click();
    await expect(this.page.getByRole("heading", { name: "Reports", level: 1 })).toBeVisible();
  }

  /** A preset of the period picker ("This month", "Last month", "Last 12 months"). */
  async pickPeriod(name: string) {
    const link = this.page.getByRole("navigation", { name: "Period" }).getByRole("link", { name });
    await link.click();
    await expect(link).toHaveAttribute("aria-current", "page");
  }

  async customPeriod(from: string, to: string) {
    const form = this.page.getByRole("form", { name: "Custom period" });
    await form.getByRole("textbox", { name: "From", exact: true }).fill(from);
    await form.getByRole("textbox", { name: "To", exact: true }).fill(to);
    await this.page.getByRole("button", { name: "Show period" }).click();
  }

  tile(label: string) {
    return this.page
      .getByRole("listitem")
      .filter({ has: this.page.getByRole("heading", { name: label, exact: true, level: 3 }) });
  }

  async expectFigure(label: string, value: string) {
    await expect(this.tile(label).locator("[data-figure]")).toHaveText(value);
  }

  /** Opens the definition of a figure (one click) and returns its text. */
  async definition(label: string) {
    await this.tile(label).getByText(`How “${label}” is counted`).click();
    return this.tile(label).locator("details p");
  }

  async openPeople(label: string) {
    await this.tile(label)
      .getByRole("link", { name: /See who/ })
      .click();
    await expect(this.page.getByRole("heading", { name: "Clients", level: 1 })).toBeVisible();
    await expect(this.page.getByText(`The people behind “${label}”`)).toBeVisible();
  }

  /** axe finds nothing, and nothing overflows the window sideways. */
  async expectAccessibleAndFits() {
    const { violations } = await new AxeBuilder({ page: this.page }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    const overflow = await this.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }
}
