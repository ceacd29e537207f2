// Sums every layer's results into the one closing line CI reads: "N passed, N failed".
// Usage: node .ci/count.mjs CHECKS_PASSED CHECKS_FAILED report.json[:EXIT_CODE]...
//
// Counts tests, never suites: vitest's numPassedTests / numFailedTests / skipped ones, Playwright's expected /
// unexpected + flaky / skipped. Beyond failed tests, each of these is one more failure, named on its own line:
//   - a vitest file that failed without any failed test (it did not load, or a hook threw),
//   - an error outside any test (vitest's unhandled errors make it exit 1 with every test passed; Playwright's
//     global errors),
//   - a layer whose command exited non-zero while its report shows no failure,
//   - a layer that should have run and wrote no report.
// Skipped tests are printed (", N skipped") but are neither passed nor failed. Every failed test is named with the
// first line of its error, so the tail of a long CI log says what failed.
import fs from "node:fs";

/** @returns {{ passed: number, failed: number, skipped: number, notes: string[] }} */
export function countReport(r) {
  const notes = [];
  if (typeof r.numTotalTests === "number" || typeof r.numPassedTests === "number") {
    // vitest (jest-compatible JSON)
    const passed = r.numPassedTests ?? 0;
    let failed = r.numFailedTests ?? 0;
    const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    for (const file of r.testResults ?? []) {
      const failedTests = (file.assertionResults ?? []).filter((a) => a.status === "failed");
      for (const a of failedTests) notes.push(failedLine(file.name, a.fullName ?? a.title, a.failureMessages?.[0]));
      if (file.status === "failed" && failedTests.length === 0) {
        failed += 1;
        notes.push(
          `${file.name}: failed outside its tests: ${String(file.message ?? "")
            .split("\n")[0]
            .slice(0, 200)}`,
        );
      }
    }
    return { passed, failed, skipped, notes };
  }
  if (r.stats) {
    // Playwright
    const passed = r.stats.expected ?? 0;
    let failed = (r.stats.unexpected ?? 0) + (r.stats.flaky ?? 0);
    const skipped = r.stats.skipped ?? 0;
    for (const { file, title, test } of playwrightTests(r.suites ?? []))
      if (test.status === "unexpected" || test.status === "flaky")
        notes.push(
          failedLine(file, `${title}${test.status === "flaky" ? " (flaky: passed on retry)" : ""}`, firstError(test)),
        );
    for (const e of r.errors ?? []) {
      failed += 1;
      notes.push(
        `error outside any test: ${String(e.message ?? "")
          .split("\n")[0]
          .slice(0, 200)}`,
      );
    }
    return { passed, failed, skipped, notes };
  }
  return { passed: 0, failed: 1, skipped: 0, notes: ["not a vitest or Playwright JSON report"] };
}

/** "✗ file › title: the error's first line", cut to one readable line. */
function failedLine(file, title, error) {
  const first = String(error ?? "")
    .replace(/\x1b\[[0-9;]*m/g, "")
    .split("\n")
    .find((l) => l.trim());
  return `✗ ${file} › ${title}${first ? `: ${first.trim().slice(0, 200)}` : ""}`;
}

/** Every test of a Playwright JSON report, with its spec's file and title. */
function* playwrightTests(suites) {
  for (const suite of suites) {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests ?? []) yield { file: spec.file ?? suite.file, title: spec.title, test };
    yield* playwrightTests(suite.suites ?? []);
  }
}

function firstError(test) {
  for (const result of test.results ?? []) {
    const e = result.error ?? result.errors?.[0];
    if (e) return e.message ?? e.value;
  }
  return undefined;
}

/** "file.json:1" → { file, exit: 1 }; a bare file has no exit code to judge. */
export function parseArg(arg) {
  const m = /^(.*):(\d+)$/.exec(arg);
  return m ? { file: m[1], exit: Number(m[2]) } : { file: arg, exit: null };
}

function main(argv) {
  const [checksPassed, checksFailed, ...reports] = argv;
  let passed = Number(checksPassed) || 0;
  let failed = Number(checksFailed) || 0;
  let skipped = 0;
  for (const arg of reports) {
    const { file, exit } = parseArg(arg);
    if (!fs.existsSync(file)) {
      console.log(`${file}: not produced (that layer did not run${exit ? `, exit code ${exit}` : ""}): 1 failed`);
      failed += 1;
      continue;
    }
    let r;
    try {
      r = countReport(JSON.parse(fs.readFileSync(file, "utf8")));
    } catch (e) {
      r = { passed: 0, failed: 1, skipped: 0, notes: [`unreadable report: ${e.message}`] };
    }
    // vitest's unhandled errors: exit 1, every test passed, and only the exit code says so.
    if (exit && r.failed === 0) {
      r.failed = 1;
      r.notes.push(
        `exited with code ${exit} although no test failed (unhandled error, or a crash after the tests): counted as 1 failed`,
      );
    }
    for (const note of r.notes) console.log(`  ${file}: ${note}`);
    console.log(`${file}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ""}`);
    passed += r.passed;
    failed += r.failed;
    skipped += r.skipped;
  }
  if (skipped) console.log(`(${skipped} skipped in all)`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main(process.argv.slice(2)));
