import { expect, type Page } from "@playwright/test";

/** Settings → API keys. */
export class ApiKeysPage {
  constructor(private page: Page) {}
  async goto() {
    await this.page.goto("/dashboard/settings/api-keys");
    await expect(this.page.getByRole("heading", { name: "API keys", level: 2 })).toBeVisible();
  }
  /** Creates a key and reads it from the one-time display. */
  async create(name: string): Promise<string> {
    await this.page.getByLabel("Key name").fill(name);
    await this.page.getByRole("button", { name: "Create key" }).click();
    await expect(this.page.getByText("Copy your new API key now")).toBeVisible();
    const key = (await this.page.getByTestId("new-api-key").textContent())?.trim() ?? "";
    expect(key).toMatch(/^rk_/);
    return key;
  }
  async gotoAndCreate(name: string): Promise<string> {
    await this.goto();
    return this.create(name);
  }
  async revoke(name: string) {
    await this.page.getByRole("button", { name: `Revoke ${name}` }).click();
    await this.page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
    await expect(this.page.getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);
    await expect(this.page.getByRole("table", { name: "Your keys" }).getByText("Revoked")).toBeVisible();
  }
}
