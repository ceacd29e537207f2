import { expect, type Page } from "@playwright/test";
import { asNewVisitor } from "./auth";
import { followVerificationLink, Mailbox } from "./mailbox";

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
    // A1: every address gets the same answer; the mailed link finishes.
    await expect(this.page.getByText("Check your email to finish")).toBeVisible();
  }
  /** A1: opens the verification link mailed to the address and confirms it with the password; the portal then opens signed in. */
  async verifyByMail(m: { email: string; password: string }) {
    const link = await new Mailbox().link(m.email, /^Confirm your email/, "/verify");
    await followVerificationLink(this.page, link, m.password);
  }
  async expectSignedInAs(firstName: string) {
    await expect(this.page).toHaveURL(new RegExp(`/s/${this.slug}$`));
    await expect(this.page.getByRole("heading", { name: `Hello, ${firstName}` })).toBeVisible();
  }
}
