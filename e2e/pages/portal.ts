import { expect, type Page } from "@playwright/test";
import { asNewVisitor } from "./auth";

/** The member portal of one studio: /s/[slug]. */
export class Portal {
  constructor(
    private page: Page,
    private slug: string,
  ) {}
  async gotoSignUp() {
    await asNewVisitor(this.page);
    await this.page.goto(`/s/${this.slug}/signup`);
    await expect(this.page.getByRole("heading", { name: "Create your account" })).toBeVisible();
  }
  async signUp(m: { name: string; email: string; password: string }) {
    await this.page.getByLabel("Your name").fill(m.name);
    await this.page.getByLabel("Email").fill(m.email);
    await this.page.getByLabel("Password").fill(m.password);
    await this.page.getByRole("button", { name: "Create account" }).click();
  }
  async expectSignedInAs(firstName: string) {
    await expect(this.page).toHaveURL(new RegExp(`/s/${this.slug}$`));
    await expect(this.page.getByRole("heading", { name: `Hello, ${firstName}` })).toBeVisible();
  }
}
