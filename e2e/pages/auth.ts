import { expect, type Page } from "@playwright/test";
import { followVerificationLink, Mailbox } from "./mailbox";

export type Owner = { studioName: string; email: string; password: string };

/** The portal slug the app makes from a studio's name (lib/studios: lower case, runs of other characters to "-"). */
export function studioSlug(owner: Pick<Owner, "studioName">): string {
  return owner.studioName.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

let counter = 0;
/** A unique owner for one test; e2e tests share one database, so names never collide. */
export function newOwner(label = "owner"): Owner {
  const id = `${Date.now().toString(36)}${(counter++).toString(36)}`;
  return { studioName: `E2E Studio ${id}`, email: `${label}.${id}@example.test`, password: "e2e password 1234" };
}

let visitor = 0;
/**
 * Each journey signs up as a different visitor: the suite runs from one machine,
 * and sign-ups are rate-limited per client address (LIMITS.signUpPerIp), which
 * the app reads from X-Forwarded-For as a proxy would send it.
 */
export async function asNewVisitor(page: Page) {
  visitor++;
  await page.setExtraHTTPHeaders({ "x-forwarded-for": `198.51.${100 + (process.pid % 100)}.${visitor % 250}` });
}

/** /signup: a new studio and its owner. */
export class SignUpPage {
  constructor(private page: Page) {}
  async goto() {
    await asNewVisitor(this.page);
    await this.page.goto("/signup");
    await expect(this.page.getByRole("heading", { name: "Create your studio" })).toBeVisible();
  }
  async submit(o: Owner, opts: { timezone?: string } = {}) {
    await this.page.getByLabel("Studio name").fill(o.studioName);
    await this.page.getByLabel("Your name").fill("E2E Owner");
    await this.page.getByLabel("Email").fill(o.email);
    await this.page.getByLabel("Password").fill(o.password);
    if (opts.timezone) await this.page.getByLabel("Time zone").selectOption(opts.timezone);
    await this.page.getByRole("button", { name: "Create studio" }).click();
  }
  /** A1: the answer for every address; then the mailed link, followed with the password, opens the dashboard. */
  async finish(o: Owner, subject: RegExp = /^Confirm your email/) {
    await expect(this.page.getByTestId("check-email")).toBeVisible();
    const path = await new Mailbox().link(o.email, subject, "/verify");
    await followVerificationLink(this.page, path, o.password);
  }
}

/** /signin: staff sign-in. */
export class SignInPage {
  constructor(private page: Page) {}
  async goto() {
    await this.page.goto("/signin");
  }
  async signIn(email: string, password: string) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }
  error() {
    return this.page.getByRole("main").getByRole("alert");
  }
}

/** The dashboard shell. */
export class Dashboard {
  constructor(private page: Page) {}
  async expectLoaded(studioName: string) {
    await expect(this.page).toHaveURL(/\/dashboard$/);
    await expect(this.page.getByRole("navigation", { name: "Dashboard" })).toBeVisible();
    await expect(this.page.getByText(studioName).first()).toBeVisible();
  }
  async open(section: "Clients" | "Memberships" | "Schedule" | "Settings") {
    await this.page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: section }).click();
  }
  /** Signs out and waits until the server has cleared the session and sent us home. */
  async signOut() {
    await this.page.getByRole("button", { name: "Sign out" }).first().click();
    await expect(this.page).toHaveURL(/\/$/);
    await expect(this.page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
  }
}

/** Signs up a fresh studio (following the mailed link, A1) and returns its owner, on the dashboard. */
export async function signUpStudio(page: Page, owner = newOwner()): Promise<Owner> {
  const signUp = new SignUpPage(page);
  await signUp.goto();
  await signUp.submit(owner);
  await signUp.finish(owner);
  await new Dashboard(page).expectLoaded(owner.studioName);
  return owner;
}
