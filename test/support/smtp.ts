import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll } from "vitest";

export type ReceivedMail = {
  to: string[];
  from: string;
  subject: string;
  text: string;
  replyTo: string | null;
  raw: string;
};
export type TestSmtp = {
  url: string;
  mails: ReceivedMail[];
  waitFor: (to: string, timeoutMs?: number) => Promise<ReceivedMail>;
  close: () => Promise<void>;
};

function header(raw: string, name: string): string | null {
  const m = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, "im").exec(raw);
  return m ? m[1]!.replace(/\r?\n[ \t]+/g, " ").trim() : null;
}

/**
 * A real SMTP server on a random local port that keeps what it receives (plain text bodies).
 * `refuse`: recipients it answers 550 to (a mailbox that does not exist).
 */
export async function startTestSmtp(opts: { refuse?: (address: string) => boolean } = {}): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (opts.refuse?.(address.address))
        callback(Object.assign(new Error("550 No such mailbox"), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const sep = raw.search(/\r?\n\r?\n/);
        const body = sep >= 0 ? raw.slice(sep).trim() : "";
        const text = /quoted-printable/i.test(header(raw, "Content-Transfer-Encoding") ?? "")
          ? body
              .replace(/=\r?\n/g, "")
              .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
          : body;
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          from: header(raw, "From") ?? "",
          subject: header(raw, "Subject") ?? "",
          replyTo: header(raw, "Reply-To"),
          text,
          raw,
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitFor(to, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = mails.find((m) => m.to.includes(to));
        if (found) return found;
        if (Date.now() > until)
          throw new Error(`No mail to ${to} within ${timeoutMs} ms (got: ${mails.map((m) => m.to).join(", ")})`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A test SMTP server for the calling file's tests: started before them with SMTP_URL pointing at it, and both undone
 * after. Returns the server (call it inside a test, once it has started).
 */
export function smtpForThisFile(): () => TestSmtp {
  let smtp: TestSmtp | undefined;
  const saved = process.env.SMTP_URL;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    process.env.SMTP_URL = smtp.url;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.SMTP_URL;
    else process.env.SMTP_URL = saved;
    await smtp?.close();
  });
  return () => {
    if (!smtp) throw new Error("smtpForThisFile: the server starts in beforeAll; read it inside a test");
    return smtp;
  };
}
