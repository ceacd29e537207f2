import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * docs/rules.md is the project's own rule book: every rule code the code base
 * cites (C1, M4, S3, …) must be defined there, so a clone resolves each
 * citation without anything outside the repository.
 */
const ROOT = path.resolve(__dirname, "../..");
const RULES = path.join(ROOT, "docs/rules.md");

/** Where citations live. Everything under these folders that is text we wrote. */
const SCANNED = ["lib", "app", "db", "test", "e2e", "bench", "docs", ".ci"];
const EXTENSIONS = new Set([".ts", ".tsx", ".mjs", ".js", ".sql", ".md", ".css"]);
const SKIPPED_DIRS = new Set(["node_modules", ".next", "results", "meta"]);

/** Tokens shaped like a rule code that are something else, each with where it comes from. */
const NOT_RULES: Record<string, string> = {
  T0: "the fixed instant tests start their clock at (a constant in test files)",
  A0: "a spreadsheet cell inside CSV formula-injection payloads (test/trust/input.test.ts)",
  C0: "the Unicode C0 control characters (lib/core/validation.ts)",
  G4: "the generation of Apple's WWDR intermediate certificate a wallet pass is signed under (lib/cards/wallet-config.ts)",
};

const CODE = /\b([A-Z])(\d{1,2})\b/g;
/** "C1–C4", "E1-E3", "R1–R10": every code of the range is cited. */
const RANGE = /\b([A-Z])(\d{1,2})\s?[–-]\s?\1?(\d{1,2})\b/g;

export function definedCodes(markdown: string): string[] {
  return [...markdown.matchAll(/^\s*- \*\*([A-Z]\d{1,2})\*\*/gm)].map((m) => m[1]!);
}

/** Every rule code a text cites, ranges expanded. */
export function citedCodes(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(CODE)) found.add(`${m[1]}${Number(m[2])}`);
  for (const m of text.matchAll(RANGE)) {
    const [from, to] = [Number(m[2]), Number(m[3])];
    if (to > from && to - from <= 12) for (let n = from; n <= to; n++) found.add(`${m[1]}${n}`);
  }
  return found;
}

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return SKIPPED_DIRS.has(e.name) ? [] : files(p);
    return EXTENSIONS.has(path.extname(e.name)) || e.name === "run" ? [p] : [];
  });
}

/** code → the first few files citing it that rules.md does not define. */
export function undefinedCitations(
  defined: Set<string>,
  roots = SCANNED.map((d) => path.join(ROOT, d)),
): Record<string, string[]> {
  const missing: Record<string, string[]> = {};
  for (const file of roots.flatMap(files)) {
    if (file === RULES) continue;
    for (const code of citedCodes(fs.readFileSync(file, "utf8"))) {
      if (defined.has(code) || code in NOT_RULES) continue;
      (missing[code] ??= []).push(path.relative(ROOT, file));
    }
  }
  return Object.fromEntries(Object.entries(missing).map(([code, where]) => [code, where.slice(0, 5)]));
}

describe("docs/rules.md defines every rule code the code base cites", () => {
  const book = fs.readFileSync(RULES, "utf8");
  const defined = definedCodes(book);

  it("defines each code once", () => {
    expect(defined.length).toBeGreaterThanOrEqual(70);
    expect(defined.filter((c, i) => defined.indexOf(c) !== i)).toEqual([]);
  });

  it("every code cited in lib/, app/, db/, test/, e2e/, bench/, docs/ and .ci/ is defined", () => {
    expect(undefinedCitations(new Set(defined))).toEqual({});
  });

  it("the check sees a citation the book lacks, in a comment, a test name and a range", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rules-"));
    // Written from parts, so this file does not cite the made-up codes itself.
    const [q, k] = ["Q", "K"];
    fs.writeFileSync(
      path.join(dir, "verb.ts"),
      `/** ${q}7: made up. */\nit("C1: fine", () => {});\n// see ${k}1–${k}3\n`,
    );
    expect(undefinedCitations(new Set(defined), [dir])).toEqual({
      [`${q}7`]: [expect.stringMatching(/verb\.ts$/)],
      [`${k}1`]: [expect.any(String)],
      [`${k}2`]: [expect.any(String)],
      [`${k}3`]: [expect.any(String)],
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const spec = path.resolve(ROOT, "../shared/SPEC.md");
  it.skipIf(!fs.existsSync(spec))(
    "covers every code of the shared specification it was written from (when present beside the clone)",
    () => {
      const specCodes = [...fs.readFileSync(spec, "utf8").matchAll(/^- \*\*([A-Z]\d{1,2})\*\*/gm)].map((m) => m[1]!);
      expect(specCodes.length).toBeGreaterThan(0);
      expect(specCodes.filter((c) => !defined.includes(c))).toEqual([]);
    },
  );
});
