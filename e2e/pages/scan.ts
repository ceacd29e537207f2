import { expect, type Locator, type Page } from "@playwright/test";

/** Dashboard → Scan card: read a member card by camera or typed token (W1). */
export class ScanPage {
  constructor(private page: Page) {}
  async goto() {
    await this.page.goto("/dashboard/scan");
    await expect(this.page.getByRole("heading", { name: "Scan card", level: 1 })).toBeVisible();
  }
  /** Through the dashboard's navigation, as staff would. */
  async open() {
    await this.page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Scan card" }).click();
    await expect(this.page.getByRole("heading", { name: "Scan card", level: 1 })).toBeVisible();
  }
  async lookUp(token: string) {
    await this.page.getByLabel("Card token").fill(token);
    await this.page.getByRole("button", { name: "Look up" }).click();
  }
  /** The result for a client: a region named by the client's name. */
  result(clientName: string): Locator {
    return this.page.getByRole("region", { name: clientName });
  }
  /** One membership row of the result, by plan name. */
  membership(planName: string): Locator {
    return this.page.getByTestId("scan-membership").filter({ hasText: planName });
  }
  notFound(): Locator {
    return this.page.getByRole("alert").filter({ hasText: "No card found" });
  }
}

/** The "Member card" section of a client's dashboard page. */
export class ClientCardSection {
  constructor(private page: Page) {}
  /** Opens a client from the clients list by name. */
  async openClient(name: string) {
    await this.page.goto("/dashboard/clients");
    await this.page.getByRole("table", { name: "Clients" }).getByRole("link", { name }).click();
    await expect(this.page.getByRole("heading", { name, level: 1 })).toBeVisible();
  }
  async token(): Promise<string> {
    const token = ((await this.page.getByTestId("card-token").textContent()) ?? "").trim();
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    return token;
  }
  /** Replaces the card and returns the new token. */
  async replace(): Promise<string> {
    const before = await this.token();
    await this.page.getByRole("button", { name: "Replace card" }).click();
    await this.page.getByRole("dialog").getByRole("button", { name: "Replace card" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "Card replaced" })).toBeVisible();
    await expect(this.page.getByTestId("card-token")).not.toHaveText(before);
    return this.token();
  }
}
