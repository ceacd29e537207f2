import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "db/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
    server: { deps: { inline: ["next-auth"] } },
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ["default", ["json", { outputFile: "test-reports/unit.json" }]],
  },
});
