/**
 * `npm run bench`: fills a dedicated Postgres database at studio-chain scale and
 * measures Roster on it, printing tables and writing bench/results/latest.json.
 *
 * Needs DATABASE_URL pointing at a Postgres server (PGlite is refused: one
 * connection in one process is not what a studio chain runs on). The bench
 * uses its own database on that server, `<name>_bench`, dropped and created
 * afresh each run, so it never touches the app's data.
 *
 * Options: --clients N (default 100000) --bookings N (default 1000000)
 * --studios N (default 20) --seed S --iterations N (default 30);
 * --reuse measures the database the last run generated instead of generating anew;
 * --only list,booking,import,export,sweep runs just those measures.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase } from "@/db";
import { benchBooking } from "./booking";
import { benchClientsList } from "./clients-list";
import { benchExport, benchImport } from "./import-export";
import { benchSweep } from "./sweep";
import { DEFAULTS, generate, generatedStudios } from "./generate";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    console.error(
      "npm run bench needs DATABASE_URL pointing at a Postgres server, e.g.\n" +
        "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench\n" +
        "PGlite (the embedded database used without DATABASE_URL) runs one connection in one process and is not benchmarked.",
    );
    process.exit(2);
  }
  const opts = {
    seed: arg("seed") ?? DEFAULTS.seed,
    studios: Number(arg("studios") ?? DEFAULTS.studios),
    clients: Number(arg("clients") ?? DEFAULTS.clients),
    bookings: Number(arg("bookings") ?? DEFAULTS.bookings),
    log: (l: string) => console.log(`  ${l}`),
  };
  const iterations = Number(arg("iterations") ?? 30);

  const server = new URL(url);
  const benchName = `${server.pathname.slice(1) || "postgres"}_bench`.replace(/[^a-z0-9_]/gi, "_");
  const reuse = process.argv.includes("--reuse");
  if (!reuse) {
    const adminUrl = new URL(url);
    adminUrl.pathname = "/postgres";
    const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${benchName}" with (force)`);
    await admin.unsafe(`create database "${benchName}"`);
    await admin.end();
  }
  const benchUrl = new URL(url);
  benchUrl.pathname = `/${benchName}`;

  const started = performance.now();
  const handle = await openDatabase({ kind: "postgres", url: benchUrl.toString(), max: 10 });
  try {
    console.log(`Roster bench on ${benchUrl.host}/${benchName} (${os.cpus().length} CPUs, Node ${process.version})`);
    console.log(`Generating: ${opts.studios} studios, ${opts.clients.toLocaleString("en")} clients and ${opts.bookings.toLocaleString("en")} bookings in the largest (seed ${opts.seed})`);
    const genStart = performance.now();
    const studios = reuse ? await generatedStudios(handle.db) : await generate(handle.db, opts);
    // A reused database may just have been migrated (a rewritten table has no statistics yet).
    if (reuse) await handle.db.execute(sql`vacuum analyze`);
    const generateSeconds = reuse ? 0 : (performance.now() - genStart) / 1000;
    console.log(reuse ? `Reusing ${studios.length} generated studios` : `Generated in ${generateSeconds.toFixed(1)} s`);

    const largest = studios[0]!;
    const only = arg("only")?.split(",");
    const wanted = (name: string) => !only || only.includes(name);
    const list = wanted("list") ? await benchClientsList(handle.db, largest, iterations) : null;
    const booking = wanted("booking") ? await benchBooking(handle.db, benchUrl.toString(), largest, { seconds: 10 }) : null;
    const importResult = wanted("import") ? await benchImport(handle.db, benchUrl.toString(), largest) : null;
    const exportResult = wanted("export") ? await benchExport(handle.db, largest) : null;
    const sweep = wanted("sweep") ? await benchSweep(handle.db, benchUrl.toString()) : null;

    const results = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, platform: process.platform },
      options: { ...opts, log: undefined, iterations },
      generateSeconds,
      clientsList: list,
      booking,
      import: importResult,
      export: exportResult,
      sweep,
      totalSeconds: (performance.now() - started) / 1000,
    };
    const dir = path.join(process.cwd(), "bench", "results");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nWrote bench/results/latest.json in ${results.totalSeconds.toFixed(1)} s total.`);
  } finally {
    await handle.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
