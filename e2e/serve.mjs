// Builds the app and serves it for the e2e run, on a freshly wiped embedded database when no DATABASE_URL is set.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import { serverNodeFlags } from "../server-flags.mjs";
import { startMailbox } from "./mailbox.mjs";

if (process.env.PGLITE_DIR) fs.rmSync(process.env.PGLITE_DIR, { recursive: true, force: true });
const next = "node_modules/next/dist/bin/next";
if (process.env.E2E_SKIP_BUILD !== "1") execFileSync(process.execPath, [next, "build"], { stdio: "inherit" });
// Mail goes to the run's own SMTP server, which journeys read (e2e/mailbox.mjs, e2e/pages/mailbox.ts).
const SMTP_URL = await startMailbox(process.env.PORT ?? "3100");
// As `npm start` runs it (its Node flags included), so the journeys run the server as it is deployed.
const server = spawn(process.execPath, [...serverNodeFlags(), next, "start", "-p", process.env.PORT ?? "3100"], {
  stdio: "inherit",
  env: { ...process.env, SMTP_URL },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
