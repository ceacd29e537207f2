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
 * --studios N (default 20) --memberships N (default 200000) --seed S --anchor ISO (the
 * generated "now", default 2026-12-01T00:00:00Z) --iterations N (default 200, a list
 * case) --report-iterations N (default 20) --seconds N
 * (default 10, per row of measures 1 and 6);
 * --reuse measures the database the last run generated instead of generating anew;
 * --only list,reports,booking,permissions,import,export,sweep runs just those measures;
 * --out FILE writes the results to bench/results/FILE instead of latest.json (a --clients 1000000 run's own file);
 * --scale 10000,100000,1000000 (those three when no list is given) runs the scale series instead (bench/scale.ts):
 * the list cases and the booking path at each size, generated afresh, written to bench/results/scale.json.
 *
 * The HTTP measures (1's HTTP rows, 6 permissions, 7 memory) need a running
 * app: BENCH_APP_URL (and BENCH_APP_PID to read its memory) names one already
 * serving the bench database; otherwise the bench runs `next build` when
 * `.next` is missing or older than the sources (--build: always; --no-build:
 * never) and `next start` on a free port, and stops it when they are done.
 * --no-app skips them.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, postgresArgs } from "@/db";
import { processMemory, startAppServer, type AppServer, type BuildPolicy } from "./app-server";
import { benchBooking, pgbenchDatabase, type PgbenchDatabase } from "./booking";
import { benchClientsList } from "./clients-list";
import { benchReports } from "./reports";
import { benchExport, benchImport } from "./import-export";
import { memoryResult, printMemory, sampleMemory, type MemoryPhase, type MemoryResult } from "./memory";
import { benchPermissions } from "./permissions";
import { benchScale, type ScalePoint } from "./scale";
import { benchSweep } from "./sweep";
import { DEFAULTS, generate, generatedStudios } from "./generate";

/** The commit the bench ran on (and whether the work tree had changes), recorded in latest.json. */
function gitCommit(): { sha: string; dirty: boolean } | null {
  try {
    const sha = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim();
    const dirty =
      execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8" }).trim() !== "";
    return { sha, dirty };
  } catch {
    return null;
  }
}

/**
 * Writes a run to bench/results/`file`: when and where it ran, its options and commit, what it measured, and how
 * long it took so far (seconds, returned).
 */
function writeResults(file: string, started: number, options: object, measured: object): number {
  const totalSeconds = (performance.now() - started) / 1000;
  const results = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, platform: process.platform },
    options,
    commit: gitCommit(),
    ...measured,
    totalSeconds,
  };
  const dir = path.join(process.cwd(), "bench", "results");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), `${JSON.stringify(results, null, 2)}\n`);
  return totalSeconds;
}

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
    memberships: Number(arg("memberships") ?? DEFAULTS.memberships),
    anchor: arg("anchor") ?? DEFAULTS.anchor,
    log: (l: string) => console.log(`  ${l}`),
  };
  // 200 samples a list case, so its p99 is a percentile and not the slowest sample; the reports take ~1 s a case,
  // so 20 samples each, judged on an honestly labelled p95.
  const iterations = Number(arg("iterations") ?? 200);
  const reportIterations = Number(arg("report-iterations") ?? 20);
  const seconds = Number(arg("seconds") ?? 10);
  const buildPolicy: BuildPolicy = process.argv.includes("--build")
    ? "always"
    : process.argv.includes("--no-build")
      ? "never"
      : "auto";
  const withApp = !process.argv.includes("--no-app");

  const server = new URL(url);
  const benchName = `${server.pathname.slice(1) || "postgres"}_bench`.replace(/[^a-z0-9_]/gi, "_");
  const reuse = process.argv.includes("--reuse");
  const recreate = async () => {
    const adminUrl = new URL(url);
    adminUrl.pathname = "/postgres";
    const admin = postgres(...postgresArgs(adminUrl.toString(), { max: 1, onnotice: () => {} }));
    await admin.unsafe(`drop database if exists "${benchName}" with (force)`);
    await admin.unsafe(`create database "${benchName}"`);
    await admin.end();
  };
  const benchUrl = new URL(url);
  benchUrl.pathname = `/${benchName}`;

  const scale = process.argv.includes("--scale") ? (arg("scale") ?? "") : undefined;
  if (scale !== undefined) {
    const sizes = (!scale || scale.startsWith("--") ? "10000,100000,1000000" : scale).split(",").map(Number);
    if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n < 1000)) {
      console.error("--scale takes client counts of at least 1,000, e.g. --scale 10000,100000,1000000");
      process.exit(2);
    }
    const started = performance.now();
    console.log(
      `Roster bench, scale series ${sizes.map((n) => n.toLocaleString("en")).join(" / ")} on ${benchUrl.host}/${benchName}`,
    );
    const out = arg("out") ?? "scale.json";
    const write = (points: ScalePoint[]) => {
      const elapsed = writeResults(out, started, { ...opts, log: undefined, iterations, seconds, sizes }, { points });
      console.log(
        `\nWrote bench/results/${out} (${points.length} of ${sizes.length} sizes) at ${elapsed.toFixed(1)} s.`,
      );
    };
    await benchScale(
      sizes,
      opts,
      async () => {
        await recreate();
        const handle = await openDatabase({ kind: "postgres", url: benchUrl.toString(), max: 10 });
        return { db: handle.db, url: benchUrl.toString(), close: () => handle.close() };
      },
      { iterations, seconds },
      write,
    );
    return;
  }
  if (!reuse) await recreate();

  const started = performance.now();
  const handle = await openDatabase({ kind: "postgres", url: benchUrl.toString(), max: 10 });
  try {
    console.log(`Roster bench on ${benchUrl.host}/${benchName} (${os.cpus().length} CPUs, Node ${process.version})`);
    console.log(
      `Generating: ${opts.studios} studios, ${opts.clients.toLocaleString("en")} clients, ${opts.bookings.toLocaleString("en")} bookings ` +
        `and ${opts.memberships.toLocaleString("en")} memberships in the largest (seed ${opts.seed}, anchor ${opts.anchor})`,
    );
    const genStart = performance.now();
    const studios = reuse ? await generatedStudios(handle.db, opts.anchor) : await generate(handle.db, opts);
    // A reused database may just have been migrated (a rewritten table has no statistics yet).
    if (reuse) await handle.db.execute(sql`vacuum analyze`);
    const generateSeconds = reuse ? 0 : (performance.now() - genStart) / 1000;
    console.log(reuse ? `Reusing ${studios.length} generated studios` : `Generated in ${generateSeconds.toFixed(1)} s`);
    const inserted = studios.reduce(
      (t, s) => ({
        clients: t.clients + s.clients,
        bookings: t.bookings + s.bookings,
        memberships: t.memberships + s.memberships,
        ledgerRows: t.ledgerRows + s.ledgerRows,
        payments: t.payments + s.payments,
      }),
      { clients: 0, bookings: 0, memberships: 0, ledgerRows: 0, payments: 0 },
    );
    const largestRows = { ...studios[0]!, anchor: undefined };
    console.log(
      `Inserted (really, not asked): largest ${largestRows.clients.toLocaleString("en")} clients, ${largestRows.bookings.toLocaleString("en")} bookings, ` +
        `${largestRows.memberships.toLocaleString("en")} memberships, ${largestRows.ledgerRows.toLocaleString("en")} ledger rows, ${largestRows.payments.toLocaleString("en")} payments; ` +
        `all studios ${inserted.clients.toLocaleString("en")} / ${inserted.bookings.toLocaleString("en")} / ${inserted.memberships.toLocaleString("en")} / ${inserted.ledgerRows.toLocaleString("en")} / ${inserted.payments.toLocaleString("en")}`,
    );

    const largest = studios[0]!;
    const only = arg("only")?.split(",");
    const wanted = (name: string) => !only || only.includes(name);
    const list = wanted("list") ? await benchClientsList(handle.db, largest, iterations) : null;
    const reports = wanted("reports") ? await benchReports(handle.db, largest, reportIterations) : null;

    // Measures 1, 4, 6 and 7 share one app server (and 1 a pgbench database), stopped before the write-heavy measures.
    let booking = null;
    let exportResult: Awaited<ReturnType<typeof benchExport>> | null = null;
    let permissions: Awaited<ReturnType<typeof benchPermissions>> | null = null;
    let memory: MemoryResult | null = null;
    let app: AppServer | null = null;
    let appError: string | null = null;
    let pgbench: PgbenchDatabase | null = null;
    if (wanted("booking") || wanted("permissions") || wanted("export")) {
      try {
        let t = performance.now();
        if (wanted("booking")) {
          pgbench = await pgbenchDatabase(benchUrl.toString());
          console.log(`  pgbench -i -s 10 in ${((performance.now() - t) / 1000).toFixed(1)} s`);
        }
        if (withApp) {
          t = performance.now();
          try {
            app = await startAppServer(benchUrl.toString(), {
              build: buildPolicy,
              log: (l) => console.log(`  app: ${l}`),
            });
          } catch (e) {
            appError = (e instanceof Error ? e.message : String(e)).slice(0, 2000);
            console.log(`  app: could not start, HTTP measures skipped: ${appError}`);
          }
        }
        const phases: { booking?: MemoryPhase; permissions?: MemoryPhase; export?: MemoryPhase } = {};
        let idleRssMb: number | null = null;
        let sampler: ReturnType<typeof sampleMemory> | null = null;
        const sampled = (name: "booking" | "permissions" | "export") => (phase: "start" | "end") => {
          if (!app?.pid) return;
          if (phase === "start") {
            idleRssMb ??= processMemory(app.pid)?.rssMb ?? null;
            sampler = sampleMemory(app.pid);
          } else if (sampler) {
            phases[name] = sampler.stop();
            sampler = null;
          }
        };
        const appOpt = app ? { url: app.url, onLoad: sampled("booking") } : undefined;
        if (wanted("booking"))
          booking = await benchBooking(handle.db, benchUrl.toString(), largest, {
            seconds,
            pgbench: pgbench!,
            app: appOpt,
          });
        if (wanted("permissions") && app) {
          permissions = await benchPermissions(handle.db, app.url, largest, {
            seconds,
            onLoad: sampled("permissions"),
          });
        } else if (wanted("permissions")) {
          console.log("\nPermissions over HTTP: skipped (no app server)");
        }
        if (wanted("export") && app) {
          exportResult = await benchExport(handle.db, app, largest, sampled("export"));
        } else if (wanted("export")) {
          console.log("\nExport over HTTP: skipped (no app server)");
        }
        if (app?.pid && idleRssMb !== null) {
          memory = memoryResult(app.pid, idleRssMb, phases);
          printMemory(memory);
        } else if (app) {
          console.log("\nMemory: skipped (the app's process is not known: set BENCH_APP_PID with BENCH_APP_URL)");
        }
      } finally {
        await app?.stop();
        await pgbench?.drop();
      }
    }

    const importResult = wanted("import") ? await benchImport(handle.db, benchUrl.toString(), largest) : null;
    const sweep = wanted("sweep") ? await benchSweep(handle.db, benchUrl.toString()) : null;

    const out = arg("out") ?? "latest.json";
    const totalSeconds = writeResults(
      out,
      started,
      { ...opts, log: undefined, iterations, reportIterations },
      {
        generateSeconds,
        inserted: { largest: largestRows, all: inserted },
        clientsList: list,
        reports,
        app: app
          ? { url: app.url, started: app.started, buildSeconds: app.buildSeconds, startSeconds: app.startSeconds }
          : appError
            ? { error: appError }
            : null,
        booking,
        permissions,
        memory,
        import: importResult,
        export: exportResult,
        sweep,
      },
    );
    console.log(`\nWrote bench/results/${out} in ${totalSeconds.toFixed(1)} s total.`);
  } finally {
    await handle.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
