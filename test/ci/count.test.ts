import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** .ci/count.mjs: the closing "N passed, N failed" line of CI counts tests, and never calls a failed run green. */
const COUNT = path.resolve(__dirname, "../../.ci/count.mjs");

function count(reports: Record<string, unknown>, args: string[], checks = ["2", "0"]): { out: string; status: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "count-"));
  for (const [name, body] of Object.entries(reports)) fs.writeFileSync(path.join(dir, name), JSON.stringify(body));
  try {
    const out = execFileSync(process.execPath, [COUNT, ...checks, ...args.map((a) => path.join(dir, a))], {
      encoding: "utf8",
    });
    return { out, status: 0 };
  } catch (e) {
    const err = e as { stdout: string; status: number };
    return { out: err.stdout, status: err.status };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
const last = (out: string) => out.trim().split("\n").at(-1);

const vitest = (o: Partial<{ passed: number; failed: number; pending: number; files: unknown[] }>) => ({
  numTotalTestSuites: 9,
  numFailedTestSuites: 4,
  numPassedTests: o.passed ?? 0,
  numFailedTests: o.failed ?? 0,
  numPendingTests: o.pending ?? 0,
  numTodoTests: 0,
  testResults: o.files ?? [],
});

describe(".ci/count.mjs", () => {
  it("counts tests, not suites, and prints skipped ones", () => {
    const files = [
      {
        name: "a.test.ts",
        status: "failed",
        assertionResults: [{ status: "failed" }, { status: "failed" }, { status: "passed" }],
      },
    ];
    const r = count(
      {
        "unit.json": vitest({ passed: 10, failed: 2, pending: 3, files }),
        "e2e.json": { stats: { expected: 4, unexpected: 1, flaky: 0, skipped: 1 }, errors: [] },
      },
      ["unit.json:1", "e2e.json:1"],
    );
    expect(r.out).toContain("unit.json: 10 passed, 2 failed, 3 skipped");
    expect(r.out).toContain("e2e.json: 4 passed, 1 failed, 1 skipped");
    expect(last(r.out)).toBe("16 passed, 3 failed");
    expect(r.status).toBe(1);
  });

  it("a run that exited non-zero with no failed test (vitest's unhandled errors) is a failure, not '0 failed'", () => {
    const r = count({ "unit.json": vitest({ passed: 5 }) }, ["unit.json:1"]);
    expect(r.out).toMatch(/exited with code 1 although no test failed/);
    expect(last(r.out)).toBe("7 passed, 1 failed");
    expect(r.status).toBe(1);
  });

  it("a file that failed to load, a missing report and a global Playwright error each count once", () => {
    const files = [{ name: "broken.test.ts", status: "failed", message: "Cannot find module x", assertionResults: [] }];
    const r = count(
      {
        "unit.json": vitest({ passed: 1, files }),
        "e2e.json": { stats: { expected: 1, unexpected: 0 }, errors: [{ message: "webServer crashed" }] },
      },
      ["unit.json:1", "e2e.json:1", "missing.json:1"],
    );
    expect(r.out).toContain("broken.test.ts: failed outside its tests: Cannot find module x");
    expect(r.out).toContain("error outside any test: webServer crashed");
    expect(last(r.out)).toBe("4 passed, 3 failed");
  });

  it("names every failed test with its error's first line, so the tail of a CI log says what failed", () => {
    const files = [
      {
        name: "lib/a.test.ts",
        status: "failed",
        assertionResults: [
          {
            status: "failed",
            fullName: "area > S1: counts",
            failureMessages: ["\u001b[31mAssertionError: 2 != 3\u001b[39m\n  at x"],
          },
          { status: "passed", fullName: "area > fine" },
        ],
      },
    ];
    const spec = (title: string, status: string, message?: string) => ({
      title,
      file: "embed.spec.ts",
      tests: [{ status, results: [{ status: "failed", error: message ? { message } : undefined }] }],
    });
    const e2e = {
      stats: { expected: 1, unexpected: 1, flaky: 1 },
      errors: [],
      suites: [
        {
          file: "embed.spec.ts",
          specs: [spec("E1: fine", "expected")],
          suites: [
            {
              specs: [spec("E2: kept", "unexpected", "Error: expect(received).toEqual(expected)"), spec("E3", "flaky")],
            },
          ],
        },
      ],
    };
    const r = count({ "unit.json": vitest({ passed: 1, failed: 1, files }), "e2e.json": e2e }, [
      "unit.json:1",
      "e2e.json:1",
    ]);
    expect(r.out).toContain("✗ lib/a.test.ts › area > S1: counts: AssertionError: 2 != 3");
    expect(r.out).toContain("✗ embed.spec.ts › E2: kept: Error: expect(received).toEqual(expected)");
    expect(r.out).toContain("✗ embed.spec.ts › E3 (flaky: passed on retry)");
    expect(r.out).not.toContain("fine");
    expect(last(r.out)).toBe("4 passed, 3 failed");
  });

  it("an all-green run ends green", () => {
    const r = count({ "unit.json": vitest({ passed: 3 }) }, ["unit.json:0"]);
    expect(last(r.out)).toBe("5 passed, 0 failed");
    expect(r.status).toBe(0);
  });
});
