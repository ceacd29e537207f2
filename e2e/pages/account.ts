import { expect, type Page } from "@playwright/test";

/** /forgot-password (staff) or /s/<studio>/forgot-password: A2's request for a link. */
export class ForgotPasswordPage {
  constructor(private page: Page) {}
  /** From a sign-in page, by its "Forgot password?" link. */
  async openFromSignIn() {
    await this.page.getByRole("link", { name: "Forgot password?" }).click();
    await expect(this.page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  }
  async request(email: string) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByRole("button", { name: "Send me a link" }).click();
  }
  confirmation() {
    return this.page.getByRole("status");
  }
}

/** /reset-password?token=…: the page a reset link opens. */
export class ResetPasswordPage {
  constructor(private page: Page) {}
  async open(link: string) {
    await this.page.goto(link);
    await expect(this.page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  }
  async setPassword(password: string) {
    await this.page.getByLabel("New password").fill(password);
    await this.page.getByRole("button", { name: "Set new password" }).click();
  }
  error() {
    return this.page.getByRole("main").getByRole("alert").first();
  }
  done() {
    return this.page.getByRole("status");
  }
}
