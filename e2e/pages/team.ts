import { expect, type Page } from "@playwright/test";
import { Mailbox } from "./mailbox";

/** Settings → Team (T1): the staff, invitations, and the invite form. */
export class TeamPage {
  constructor(private page: Page) {}

  async goto() {
    await this.page.goto("/dashboard/settings/team");
    await expect(this.page.getByRole("heading", { name: "Invite someone" })).toBeVisible();
  }

  async invite(email: string, role: "Manager" | "Front desk" | "Instructor") {
    const form = this.page.locator("form").filter({ has: this.page.getByRole("button", { name: "Send invitation" }) });
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Role").selectOption({ label: role });
    await form.getByRole("button", { name: "Send invitation" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: `Invitation sent to ${email}` })).toBeVisible();
    await expect(this.page.getByTestId("invitation-row").filter({ hasText: email })).toBeVisible();
  }

  staffRow(email: string) {
    return this.page.getByTestId("staff-row").filter({ hasText: email });
  }
}

/** The invitation link as mailed (T1), read from the e2e run's mailbox as the invited person would. */
export async function invitationLinkFromMail(email: string): Promise<string> {
  return new Mailbox().link(email, /invited to join/, "/invite/");
}

/** The invitation page (T1): a new login through the link. */
export class InvitePage {
  constructor(private page: Page) {}

  async acceptWithNewLogin(path: string, name: string, password: string) {
    await this.page.goto(path);
    await expect(this.page.getByRole("heading", { name: /^Join / })).toBeVisible();
    await this.page.getByLabel("Your name").fill(name);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Create login and join" }).click();
    await expect(this.page).toHaveURL(/\/dashboard$/);
  }
}

/** Dashboard → My sessions (T3). */
export class MySessionsPage {
  constructor(private page: Page) {}

  async goto() {
    await this.page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "My sessions" }).click();
    await expect(this.page.getByRole("heading", { name: "My sessions", level: 1 })).toBeVisible();
  }

  session(title: string) {
    return this.page.getByTestId("my-session").filter({ hasText: title });
  }
}
