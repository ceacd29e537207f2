import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { signUpStudio, type Owner, studioSlug } from "./auth";

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

/**
 * A new studio (its owner signed in on `page`) with an API key and one public
 * fixed-term plan made through the API: what the journeys that sell start from.
 */
export async function studioSellingPlan(
  page: Page,
  request: APIRequestContext,
  plan: { name: string; priceCents: number; durationDays: number },
): Promise<{ owner: Owner; slug: string; key: string; planId: string }> {
  const owner = await signUpStudio(page);
  const slug = studioSlug(owner);
  const key = await new ApiKeysPage(page).gotoAndCreate("plans");
  const created = await request.post("/api/v1/plans", {
    headers: { authorization: `Bearer ${key}` },
    data: { ...plan, kind: "fixed", permissions: [], memberOnlyAccess: false, public: true },
  });
  expect(created.status()).toBe(201);
  return { owner, slug, key, planId: (await created.json()).id };
}
