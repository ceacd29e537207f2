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
  ...(process.env.DATABASE_URL ? {} : { PGLITE_DIR: ".data/e2e" }),
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
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
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: serverEnv,
  },
});
