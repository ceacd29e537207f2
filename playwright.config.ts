import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";

/**
 * e2e journeys against the built app (`next build && next start`) on a fresh
 * database: the Postgres of DATABASE_URL when set (CI makes a fresh one per
 * run), otherwise an embedded PGlite in .data/e2e that is wiped first.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;

// This machine's Debian Chromium when present; elsewhere Playwright's own.
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));

const serverEnv: Record<string, string> = {
  ...(process.env as Record<string, string>),
  NODE_ENV: "production",
  PORT: String(PORT),
  AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-only-secret-do-not-use-anywhere-else-0123456789",
  AUTH_TRUST_HOST: "true",
  TRUST_PROXY: "1", // journeys send their own X-Forwarded-For (e2e/pages/auth.ts asNewVisitor), as a proxy would
  ROSTER_DEMO: "0",
  ROSTER_WEBHOOKS_ALLOW_PRIVATE: "1", // e2e/webhooks.spec.ts delivers to a receiver on this machine (X2)
  APP_URL: baseURL, // links by mail (A2 reset) name this origin, never the request's Host
  ...(process.env.DATABASE_URL ? {} : { PGLITE_DIR: ".data/e2e" }),
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // Generous for a loaded 2-CPU machine (several builds at once): journeys that sign up a studio and a visitor take 40–70 s there.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [["list"], ["json", { outputFile: "test-reports/e2e.json" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: systemChromium,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "node e2e/serve.mjs",
    url: `${baseURL}/api/v1/openapi.json`,
    // A first `next build` on a loaded 2-CPU machine takes minutes (4.6 min measured under load).
    timeout: 900_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: serverEnv,
  },
});
