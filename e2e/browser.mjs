// Provisions the browser the e2e journeys run in, before `playwright test` (package.json "test:e2e"), so that
// `npm install && npm test` needs nothing but Node and the npm registry: the system Chromium when there is one
// (Debian's /usr/bin/chromium, as playwright.config.ts picks), otherwise Playwright's own Chromium, downloaded
// once by `playwright install chromium` into Playwright's cache (a no-op when it is already there).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";

export const SYSTEM_CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

const system = SYSTEM_CHROMIUM.find((p) => fs.existsSync(p));
if (system) {
  console.log(`e2e browser: ${system}`);
} else {
  const cli = createRequire(import.meta.url).resolve("@playwright/test/cli");
  console.log("e2e browser: no system Chromium; installing Playwright's Chromium (once)");
  try {
    execFileSync(process.execPath, [cli, "install", "chromium"], { stdio: "inherit" });
  } catch {
    console.error(
      "Could not install Playwright's Chromium. Install one by hand (`npx playwright install --with-deps chromium`, or `apt-get install chromium`) and run the tests again.",
    );
    process.exit(1);
  }
}
