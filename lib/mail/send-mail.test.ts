import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSmtp, type TestSmtp } from "@/lib/testing/smtp";
import { makeStudio, uniqueEmail } from "@/lib/testing/fixtures";
import { sendMail } from "./send-mail";

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(() => smtp.close());

describe("sendMail", () => {
  it("delivers through real SMTP and records the message as sent", async () => {
    const s = await makeStudio({ name: "Mail Studio" });
    const to = uniqueEmail("member");
    const row = await sendMail(
      await s.owner(),
      { kind: "client_message", to, subject: "See you Monday", text: "Bring a mat.", replyTo: "teacher@example.test" },
      { SMTP_URL: smtp.url },
    );
    expect(row.status).toBe("sent");
    const mail = await smtp.waitFor(to);
    expect(mail.subject).toBe("See you Monday");
    expect(mail.text).toContain("Bring a mat.");
    expect(mail.replyTo).toBe("teacher@example.test");
    expect(mail.from).toContain("Mail Studio");
  });

  it("without SMTP_URL records the mail as not sent", async () => {
    const s = await makeStudio();
    const row = await sendMail(await s.owner(), { kind: "welcome", to: uniqueEmail(), subject: "Hi", text: "Hello" }, {});
    expect(row.status).toBe("not_sent");
    expect(row.error).toMatch(/SMTP_URL/);
  });

  it("a server that refuses records the mail as failed, and does not throw", async () => {
    const s = await makeStudio();
    const row = await sendMail(
      await s.owner(),
      { kind: "welcome", to: uniqueEmail(), subject: "Hi", text: "Hello" },
      { SMTP_URL: "smtp://127.0.0.1:1" },
    );
    expect(row.status).toBe("failed");
    expect(row.error).toBeTruthy();
  });
});
