// Sums every layer's results into the one closing line CI reads: "N passed, N failed".
// Usage: node .ci/count.mjs CHECKS_PASSED CHECKS_FAILED report.json...
import fs from "node:fs";

const [checksPassed, checksFailed, ...reports] = process.argv.slice(2);
let passed = Number(checksPassed) || 0;
let failed = Number(checksFailed) || 0;
let missing = 0;

for (const file of reports) {
  if (!fs.existsSync(file)) {
    console.log(`${file}: not produced (that layer did not run)`);
    missing++;
    continue;
  }
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  let p = 0;
  let f = 0;
  if (typeof r.numPassedTests === "number") {
    // vitest (jest-compatible JSON)
    p = r.numPassedTests;
    f = r.numFailedTests + (r.numFailedTestSuites ?? 0) - (r.testResults ?? []).filter((s) => s.status === "failed" && s.assertionResults?.some((a) => a.status === "failed")).length;
  } else if (r.stats) {
    // Playwright
    p = r.stats.expected ?? 0;
    f = (r.stats.unexpected ?? 0) + (r.stats.flaky ?? 0);
    if (r.errors?.length) f += r.errors.length;
  }
  console.log(`${file}: ${p} passed, ${f} failed`);
  passed += p;
  failed += f;
}
// A layer that should have run and did not is a failure, not silence.
failed += missing;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
