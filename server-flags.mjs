// The Node flags the app server runs with, read from package.json's "start" script (its one home), so the e2e
// server and the bench's server run exactly as `npm start` does. Issue 20: a 256 MB old generation keeps the
// server's resident memory under 300 MB under load; without a limit V8 lets the heap grow to several times that.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));

/** The `--flag=value` arguments `npm start` gives node, e.g. ["--max-old-space-size=256"]. */
export function serverNodeFlags() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  return String(pkg.scripts?.start ?? "").match(/--[a-z-]+=\S+/g) ?? [];
}
