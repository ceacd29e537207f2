// The e2e run's mail: a real SMTP server the app sends to (SMTP_URL), and a small HTTP endpoint on
// 127.0.0.1:(PORT + 1000) where journeys read what arrived: GET /mails?to=<address> → JSON list.
import http from "node:http";
import { SMTPServer } from "smtp-server";

function header(raw, name) {
  const m = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, "im").exec(raw);
  return m ? m[1].replace(/\r?\n[ \t]+/g, " ").trim() : null;
}

/** Starts both servers; resolves to the SMTP_URL for the app. */
export async function startMailbox(appPort) {
  const mails = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, done) {
      const chunks = [];
      stream.on("data", (c) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const sep = raw.search(/\r?\n\r?\n/);
        const body = sep >= 0 ? raw.slice(sep).trim() : "";
        const text = /quoted-printable/i.test(header(raw, "Content-Transfer-Encoding") ?? "")
          ? body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
          : body;
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          subject: header(raw, "Subject") ?? "",
          text,
          at: Date.now(),
        });
        done();
      });
    },
  });
  await new Promise((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const web = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const to = (url.searchParams.get("to") ?? "").toLowerCase();
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(mails.filter((m) => !to || m.to.includes(to))));
  });
  await new Promise((resolve) => web.listen(Number(appPort) + 1000, "127.0.0.1", resolve));
  return `smtp://127.0.0.1:${smtp.server.address().port}`;
}
