import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type FrameLocator, type Page } from "@playwright/test";
import { followVerificationLink, Mailbox } from "./mailbox";

/** Settings → Embed (E1–E3). */
export class EmbedSettingsPage {
  constructor(private page: Page) {}
  async goto() {
    await this.page.goto("/dashboard/settings/embed");
    await expect(this.page.getByRole("heading", { name: "1. Allow your website" })).toBeVisible();
  }
  async allowOrigins(origins: string[]) {
    await this.page.getByLabel("Websites allowed to show your sign-up").fill(origins.join("\n"));
    await this.page.getByRole("button", { name: "Save websites" }).click();
    await expect(this.page.getByText("Saved: these sites may show your sign-up.")).toBeVisible();
  }
  async snippet(): Promise<string> {
    return (await this.page.getByLabel("Snippet").textContent())?.trim() ?? "";
  }
  /** Makes the studio's embed secret and reads it back. */
  async makeSecret(): Promise<string> {
    await this.page.getByRole("button", { name: "Make a secret" }).click();
    await expect(this.page.getByText("New embed secret made.")).toBeVisible();
    await this.page.getByRole("button", { name: "Show" }).click();
    const secret = (await this.page.getByLabel("Embed secret").textContent())?.trim() ?? "";
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    return secret;
  }
}

/**
 * A studio's own website on another origin: serves pages whose HTML the test
 * sets (the snippet, and a line that records the signup message it receives).
 */
export class HostSite {
  private pages = new Map<string, string>();
  private server = http.createServer((req, res) => {
    const html = this.pages.get(new URL(req.url ?? "/", "http://x").pathname);
    res.writeHead(html ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    res.end(html ?? "not found");
  });
  constructor(readonly host: string) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, this.host, resolve));
    return this.origin;
  }
  get origin(): string {
    return `http://${this.host}:${(this.server.address() as AddressInfo).port}`;
  }
  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
  /** A page of the studio's site with the snippet; `#signup` shows what the page was told when someone joined. */
  page(path: string, snippet: string) {
    this.pages.set(
      path,
      `<!doctype html><html><head><meta charset="utf-8"><title>Blue Door Yoga</title></head><body style="font-family:sans-serif;margin:2rem">
<h1>Join Blue Door Yoga</h1>
<p id="signup">No signup yet</p>
<script>document.addEventListener("roster:signup", (e) => { document.getElementById("signup").textContent = "Joined: " + e.detail.plan.name; });</script>
${snippet}
<footer>Blue Door Yoga, 1 Door Street</footer>
</body></html>`,
    );
  }
}

/** The embedded flow as the visitor sees it inside the host page's iframe. */
const SIGNUP_FRAME = 'iframe[title="Membership sign-up"]';

export class EmbeddedSignup {
  readonly frame: FrameLocator;
  /** What the browser reported (console errors and warnings, failed requests), told when a step fails. */
  private readonly reports: string[] = [];
  constructor(private page: Page) {
    this.frame = page.frameLocator(SIGNUP_FRAME);
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") this.reports.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => this.reports.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) =>
      this.reports.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`),
    );
  }
  iframe() {
    return this.page.locator(SIGNUP_FRAME);
  }
  /**
   * Waits until the frame has stopped moving: the host page animates the iframe's height to each new step's content
   * (public/embed.js), and a click aimed while the page reflows under it can land beside its target. The frame's box
   * must be the same in two looks 150 ms apart, longer than the animation.
   */
  async settled() {
    let last = "";
    await expect
      .poll(
        async () => {
          const box = JSON.stringify(await this.iframe().boundingBox());
          const same = box === last;
          last = box;
          return same;
        },
        { intervals: [150] },
      )
      .toBe(true);
  }
  async choose(planName: string) {
    await this.settled();
    await this.frame.getByRole("link", { name: `Choose ${planName}` }).click();
    await expect(
      this.frame.getByRole("heading", { name: /Tell us who you are|Confirm your membership/ }),
    ).toBeVisible();
  }
  async register(p: { name: string; email: string; password: string }) {
    await this.settled();
    const form = this.frame.getByRole("form", { name: "Create your account" });
    await form.getByLabel("Your name").fill(p.name);
    await form.getByLabel("Email").fill(p.email);
    await form.getByLabel("Password").fill(p.password);
    await form.getByRole("button", { name: "Create account and continue" }).click();
    // A1: the same answer for every address; the mailed link finishes.
    await expect(this.frame.getByText("Check your email to finish")).toBeVisible();
  }
  /** A1: the visitor opens the mailed link in a new tab (top-level), confirms with the password, and lands on the plan they chose. */
  async verifyByMail(p: { email: string; password: string }, planName: string) {
    const link = await new Mailbox().link(p.email, /^Confirm your email/, "/verify");
    const tab = await this.page.context().newPage();
    await followVerificationLink(tab, link, p.password);
    await expect(tab.getByRole("heading", { name: planName })).toBeVisible();
    await tab.close();
  }
  /** Back in the frame: the visitor signs in with the login they just confirmed. */
  async signIn(p: { email: string; password: string }) {
    await this.settled();
    const form = this.frame.getByRole("form", { name: "Sign in" });
    await form.getByLabel("Email").fill(p.email);
    await form.getByLabel("Password").fill(p.password);
    await form.getByRole("button", { name: "Sign in and continue" }).click();
  }
  async join(planName: string) {
    await this.settled();
    await this.frame.getByRole("button", { name: `Join ${planName}` }).click();
    await this.explained(() =>
      expect(this.frame.getByRole("heading", { name: `You’re in: ${planName}` })).toBeVisible(),
    );
  }
  /**
   * Runs a step's expectation; when it fails, the error also says what the frame shows, where, and what the browser
   * reported, since a page of a context the test made itself gets no screenshot in the report.
   */
  private async explained(step: () => Promise<void>) {
    try {
      await step();
    } catch (e) {
      const url = this.page
        .frames()
        .find((f) => f !== this.page.mainFrame())
        ?.url();
      const shown = await this.frame
        .locator("body")
        .innerText({ timeout: 2_000 })
        .catch(() => "(nothing readable)");
      const reports = this.reports.length ? this.reports.join("\n") : "(none)";
      (e as Error).message += `\n\nThe frame (${url}) shows:\n${shown}\n\nThe browser reported:\n${reports}`;
      throw e;
    }
  }
}
