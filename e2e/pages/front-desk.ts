import { expect, type Locator, type Page } from "@playwright/test";

/** Dashboard → Scan card as the front desk's check-in (O2): find a person, see what can pay, check them in. */
export class FrontDesk {
  constructor(private page: Page) {}

  async goto() {
    await this.page.goto("/dashboard/scan");
    await expect(this.page.getByRole("heading", { name: "Scan card", level: 1 })).toBeVisible();
  }

  /** Searches by name and opens the person from the results. */
  async findByName(query: string, name: string) {
    await this.page.getByRole("searchbox", { name: "Client name" }).fill(query);
    await this.page.getByRole("button", { name: "Find", exact: true }).click();
    await this.page
      .getByRole("region", { name: /^Clients matching/ })
      .getByRole("link", { name: new RegExp(name) })
      .click();
    await expect(this.person(name).getByRole("heading", { name, level: 2 })).toBeVisible();
  }

  /** The panel of the person found: a region named by their name. */
  person(name: string): Locator {
    return this.page.getByRole("region", { name });
  }

  membership(planName: string): Locator {
    return this.page.getByTestId("scan-membership").filter({ hasText: planName });
  }

  session(title: string): Locator {
    return this.page.getByTestId("desk-session").filter({ hasText: title });
  }
}
