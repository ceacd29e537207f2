// Records migrations as landed: appends the SHA-256 of every db/migrations/*.sql not yet in
// db/migrations/landed.sha256 (the `sha256sum` format, so `cd db/migrations && sha256sum -c landed.sha256` checks it too).
// Run it (`npm run db:land`) when a new migration is final, and commit the list with it. It never changes a listed
// hash: a landed migration is history, and test/migrations/landed.test.ts fails when one is edited.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "migrations");
const list = path.join(dir, "landed.sha256");
const listed = new Map(
  (fs.existsSync(list) ? fs.readFileSync(list, "utf8") : "")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [hash, file] = line.split(/\s+\*?/);
      return [file, hash];
    }),
);
const added = [];
for (const file of fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".sql"))
  .sort()) {
  const hash = createHash("sha256")
    .update(fs.readFileSync(path.join(dir, file)))
    .digest("hex");
  if (!listed.has(file)) {
    listed.set(file, hash);
    added.push(file);
  } else if (listed.get(file) !== hash) {
    console.error(`${file} changed after it landed. Put it back as it was and write a new migration instead.`);
    process.exitCode = 1;
  }
}
const lines = [...listed].sort(([a], [b]) => a.localeCompare(b)).map(([file, hash]) => `${hash}  ${file}`);
fs.writeFileSync(list, `${lines.join("\n")}\n`);
console.log(added.length ? `landed: ${added.join(", ")}` : "nothing new to land");
