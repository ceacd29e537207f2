// Builds the app and serves it for the e2e run, on a freshly wiped embedded database when no DATABASE_URL is set.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";

if (process.env.PGLITE_DIR) fs.rmSync(process.env.PGLITE_DIR, { recursive: true, force: true });
const next = "node_modules/next/dist/bin/next";
if (process.env.E2E_SKIP_BUILD !== "1") execFileSync(process.execPath, [next, "build"], { stdio: "inherit" });
const server = spawn(process.execPath, [next, "start", "-p", process.env.PORT ?? "3100"], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
