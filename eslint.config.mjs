import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import fs from "node:fs";
import path from "node:path";

/**
 * STYLE Dec 2026 #2: the names every lib/<area>/internal.ts re-exports (helpers that skip the permission
 * check). app/ may not import them, from internal.ts or from the file that defines them.
 */
function internalNames() {
  const names = new Set();
  for (const area of fs.readdirSync("lib", { withFileTypes: true })) {
    const file = path.join("lib", area.name, "internal.ts");
    if (!area.isDirectory() || !fs.existsSync(file)) continue;
    for (const m of fs.readFileSync(file, "utf8").matchAll(/export\s*\{([^}]*)\}/g)) {
      for (const n of m[1].split(",")) {
        const name = n
          .trim()
          .split(/\s+as\s+/)
          .at(-1);
        if (name && !name.startsWith("type ")) names.add(name);
      }
    }
  }
  return [...names].sort();
}

const SURFACE =
  "app/ calls the public surface of lib/ (lib/<area>/index.ts: verbs and get* reads that check permission).";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // STYLE Dec 2026 #6: no import cycles. eslint-plugin-import is the one eslint-config-next already registers
    // (with its TypeScript resolver), pinned in package.json.
    files: ["**/*.ts", "**/*.tsx", "**/*.mjs"],
    // Packages are never followed (nor parsed: a bundled package overflows the parser's stack).
    settings: { "import/ignore": ["node_modules"] },
    // Job handlers are imported lazily by lib/jobs/definitions.ts on purpose (they call back into lib/jobs): a dynamic import is not a cycle at load time.
    rules: { "import/no-cycle": ["error", { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: true }] },
  },

  {
    // STYLE Dec 2026 #2 and #6: app/ reaches the database only through lib's verbs and reads.
    files: ["app/**/*.ts", "app/**/*.tsx"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "drizzle-orm", message: `No queries in app/. ${SURFACE} Move the query into a lib read.` },
            {
              name: "@/db/schema",
              allowTypeImports: true,
              message: `Only types from the schema in app/ (import type). ${SURFACE}`,
            },
          ],
          patterns: [
            { group: ["drizzle-orm/*"], message: `No queries in app/. ${SURFACE}` },
            {
              group: ["@/db/schema/*"],
              allowTypeImports: true,
              message: `Only types from the schema in app/ (import type). ${SURFACE}`,
            },
            {
              group: ["**/internal", "**/internal.ts"],
              message: `internal.ts holds helpers that skip the permission check. ${SURFACE}`,
            },
            {
              group: ["@/lib/**"],
              importNamePattern: "^load[A-Z]",
              message: `load* skips the permission check; call the get* read. ${SURFACE}`,
            },
            {
              group: ["@/lib/**"],
              importNames: internalNames(),
              message: `This helper skips the permission check (lib/<area>/internal.ts). ${SURFACE}`,
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read loosely-typed JSON answers on purpose.
    files: ["**/*.test.ts", "e2e/**", "test/support/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
];

export default config;
