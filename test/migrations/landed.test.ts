import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Migrations are history (STYLE "December 2026 additions" #8): once a migration
 * has landed, its file never changes, because databases already migrated with
 * it would silently differ from new ones (as 0013 once did, repaired by 0015).
 * db/migrations/landed.sha256 lists each landed file's SHA-256; `npm run db:land`
 * appends new ones and never rewrites a listed hash.
 */
const DIR = path.resolve(__dirname, "../../db/migrations");

export function readLanded(text: string): Map<string, string> {
  return new Map(
    text
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => {
        const m = /^([0-9a-f]{64}) [ *](\S+)$/.exec(l);
        if (!m) throw new Error(`landed.sha256: not a "<sha256>  <file>" line: ${l}`);
        return [m[2]!, m[1]!] as const;
      }),
  );
}

/** What is wrong with the migrations folder against the landed list; empty when nothing is. */
export function landedProblems(dir: string): string[] {
  const landed = readLanded(fs.readFileSync(path.join(dir, "landed.sha256"), "utf8"));
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  const problems: string[] = [];
  for (const [file, hash] of landed) {
    if (!files.includes(file)) problems.push(`${file} landed and is gone: never delete or rename a landed migration`);
    else if (
      createHash("sha256")
        .update(fs.readFileSync(path.join(dir, file)))
        .digest("hex") !== hash
    ) {
      problems.push(`${file} changed after it landed: put it back as it was and write a new migration for the change`);
    }
  }
  for (const file of files.filter((f) => !landed.has(f))) {
    problems.push(
      `${file} is not in db/migrations/landed.sha256: when it is final, run \`npm run db:land\` and commit the list`,
    );
  }
  return problems;
}

describe("migrations are history", () => {
  it("every migration file is listed in landed.sha256 with the hash it landed with", () => {
    expect(landedProblems(DIR)).toEqual([]);
  });

  it("the journal lists every file once, in order, with strictly increasing timestamps (the migrator skips an older one)", () => {
    const journal = JSON.parse(fs.readFileSync(path.join(DIR, "meta/_journal.json"), "utf8")) as {
      entries: { idx: number; when: number; tag: string }[];
    };
    const files = fs
      .readdirSync(DIR)
      .filter((f) => f.endsWith(".sql"))
      .sort();
    expect(journal.entries.map((e) => `${e.tag}.sql`)).toEqual(files);
    journal.entries.forEach((e, i) => {
      expect(e.idx, e.tag).toBe(i);
      expect(e.tag.startsWith(String(i).padStart(4, "0")), e.tag).toBe(true);
      if (i > 0)
        expect(e.when, `${e.tag} must be newer than ${journal.entries[i - 1]!.tag}`).toBeGreaterThan(
          journal.entries[i - 1]!.when,
        );
    });
  });

  it("catches an edited, a deleted and an unlisted migration (checked on a copy)", () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "landed-"));
    for (const f of fs.readdirSync(DIR).filter((f) => f.endsWith(".sql") || f === "landed.sha256"))
      fs.copyFileSync(path.join(DIR, f), path.join(copy, f));
    expect(landedProblems(copy)).toEqual([]);
    // 0013's own story: a clause dropped after landing.
    const f13 = fs.readdirSync(copy).find((f) => f.startsWith("0013_"))!;
    fs.writeFileSync(
      path.join(copy, f13),
      fs.readFileSync(path.join(copy, f13), "utf8").replace(/ DEFERRABLE INITIALLY DEFERRED/, ""),
    );
    fs.rmSync(
      path.join(
        copy,
        fs.readdirSync(copy).find((f) => f.startsWith("0001_"))!,
      ),
    );
    fs.writeFileSync(path.join(copy, "9999_new.sql"), "select 1;");
    expect(landedProblems(copy)).toEqual([
      expect.stringMatching(/^0001_.* landed and is gone/),
      expect.stringMatching(/^0013_.* changed after it landed/),
      expect.stringMatching(/^9999_new\.sql is not in/),
    ]);
    fs.rmSync(copy, { recursive: true, force: true });
  });
});
