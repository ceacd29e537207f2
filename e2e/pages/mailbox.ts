import { expect } from "@playwright/test";

export type Mail = { to: string[]; subject: string; text: string; at: number };

/** The e2e run's mailbox (e2e/mailbox.mjs): what the app sent over SMTP, read as the recipient would. */
export class Mailbox {
  private readonly url = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1000}/mails`;

  async mailsTo(to: string): Promise<Mail[]> {
    const res = await fetch(`${this.url}?to=${encodeURIComponent(to)}`);
    return (await res.json()) as Mail[];
  }

  /** The newest mail to `to` whose subject matches, waiting for it to arrive. */
  async latest(to: string, subject: RegExp): Promise<Mail> {
    let found: Mail | undefined;
    await expect
      .poll(
        async () => {
          found = (await this.mailsTo(to)).filter((m) => subject.test(m.subject)).at(-1);
          return Boolean(found);
        },
        { timeout: 15_000, message: `a mail to ${to} matching ${subject}` },
      )
      .toBe(true);
    return found!;
  }

  /** The path (and query) of the first link in the newest matching mail that starts with `pathPrefix`. */
  async link(to: string, subject: RegExp, pathPrefix: string): Promise<string> {
    const mail = await this.latest(to, subject);
    const url = [...mail.text.matchAll(/https?:\/\/\S+/g)]
      .map((m) => new URL(m[0]))
      .find((u) => u.pathname.startsWith(pathPrefix));
    if (!url) throw new Error(`No ${pathPrefix} link in "${mail.subject}"`);
    return `${url.pathname}${url.search}`;
  }
}

/** A1: the verification page a mailed link opens: the password, then one confirm. */
export async function followVerificationLink(page: import("@playwright/test").Page, path: string, password: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { name: "Confirm your email" })).toBeVisible();
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Confirm my email" }).click();
}

/** Waits for a mail to `to` whose subject matches, and returns the newest one. */
export function waitForMail(to: string, subject: RegExp): Promise<Mail> {
  return new Mailbox().latest(to, subject);
}

/** The first link of a mail. */
export function linkIn(mail: Mail): string {
  const m = /https?:\/\/\S+/.exec(mail.text);
  if (!m) throw new Error(`no link in "${mail.subject}"`);
  return m[0];
}
