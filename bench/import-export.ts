/**
 * Measures 3 and 4 of the benchmark (issue 8): importing 100,000 members into
 * a plan through the import verb (M10) against COPY of the same rows, and
 * downloading the 100,000-client CSV export (R6) from the app server over HTTP
 * against COPY … TO STDOUT, with the server process's peak memory growth while
 * it streams.
 *
 * COPY runs on the postgres driver: the import's through its own connection to
 * `url` (a temp table lives on one connection), the export's on `db`'s pool.
 */
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { postgresArgs, type Db } from "@/db";
import { membershipPlans, staff, studios } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { rowsOf } from "@/lib/core/sql";
import { runImport } from "@/lib/memberships/import/import";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";
import { processMemory } from "./app-server";
import { printTable } from "./stats";
import type { GeneratedStudio } from "./generate";

/** Issue 20: the import runs at ≥ 0.5× of COPY into `clients` itself (every index, the generated search column). */
export const IMPORT_TARGET_RATIO = 0.5;
export const EXPORT_TARGET_GROWTH_MB = 64;

const MB = 1024 * 1024;

async function ownerCtx(db: Db, studioId: string): Promise<Ctx> {
  const [studio] = await db.select().from(studios).where(eq(studios.id, studioId));
  const [owner] = await db.select().from(staff).where(eq(staff.studioId, studioId));
  return { db, studio: studio!, actor: { kind: "staff", userId: owner!.userId, role: "owner" }, now: new Date() };
}

/** A tag no earlier run used, so reruns never collide. */
function runTag(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
}

/** `rows` CSV lines built by `line(i)`, in chunks of 1,000 lines (what an upload delivers), after a header. */
function csvChunks(header: string, rows: number, line: (i: number) => string): Buffer[] {
  const chunks = [Buffer.from(`${header}\n`)];
  for (let i = 0; i < rows; i += 1000) {
    let text = "";
    for (let j = i; j < Math.min(rows, i + 1000); j++) text += `${line(j)}\n`;
    chunks.push(Buffer.from(text));
  }
  return chunks;
}

const byteLength = (chunks: Buffer[]) => chunks.reduce((n, c) => n + c.byteLength, 0);

/** Runs `copy … from stdin` on `sql` with `chunks` as its input; seconds. */
async function copyIn(
  sqlc: postgres.Sql | postgres.TransactionSql,
  statement: string,
  chunks: Buffer[],
): Promise<number> {
  const t = performance.now();
  const writable = await sqlc.unsafe(statement).writable();
  await pipeline(Readable.from(chunks), writable);
  return (performance.now() - t) / 1000;
}

export type ImportBenchResult = {
  rows: number;
  bytes: number;
  importSeconds: number;
  importRowsPerSecond: number;
  /** COPY of the same file into a scratch table without indexes (the baseline). */
  copySeconds: number;
  copyRowsPerSecond: number;
  ratio: number;
  /**
   * COPY of the same people straight into `clients` (its sixteen indexes, the generated search column), rolled
   * back: what the table itself costs, whatever the code above it. NaN when skipped (`copyIntoClients: false`, saves ~15 s).
   */
  copyClientsSeconds: number;
  copyClientsRowsPerSecond: number;
  ratioToClientsCopy: number;
  cleanupSeconds: number;
  pass: boolean;
};

/**
 * Measure 3: `rows` new members (unique emails of this run) imported into the
 * largest studio's plan by `runImport` — the verb the upload and the API call,
 * one transaction, batched writes — against COPY of the same file into a
 * scratch table in the same run. Afterwards the memberships and clients it
 * created are deleted (the one audit row of the import stays: the log is
 * append-only) and the two tables vacuumed, so later measures and reruns see
 * the generated studio as it was.
 */
export async function benchImport(
  db: Db,
  url: string,
  largest: GeneratedStudio,
  opts: { rows?: number; copyIntoClients?: boolean } = {},
): Promise<ImportBenchResult> {
  const rows = opts.rows ?? 100_000;
  const tag = runTag();
  const ctx = await ownerCtx(db, largest.id);
  const [plan] = await db.select().from(membershipPlans).where(eq(membershipPlans.studioId, largest.id)).limit(1);
  if (!plan) throw new Error("The largest studio has no plan to import into.");
  const day = ctx.now.toISOString().slice(0, 10);
  const file = csvChunks(
    "email,name,startsAt",
    rows,
    (i) => `imp${tag}-${i}@bench.roster.test,Imported ${i} Member,${day}`,
  );
  const bytes = byteLength(file);

  const pg = postgres(...postgresArgs(url, { max: 1, onnotice: () => {} }));
  try {
    // Baseline: the same bytes into a scratch table, nothing but the rows.
    await pg.unsafe(`create temp table bench_import_copy (email text, name text, starts_at timestamptz)`);
    const copySeconds = await copyIn(
      pg,
      `copy bench_import_copy (email, name, starts_at) from stdin with (format csv, header true)`,
      file,
    );
    const [copied] = await pg.unsafe(`select count(*)::int as n from bench_import_copy`);
    if (copied!.n !== rows) throw new Error(`COPY loaded ${copied!.n} rows, not ${rows}`);
    await pg.unsafe(`drop table bench_import_copy`);

    // Through the domain: validation, find-or-create clients (C1), memberships, member-since, one transaction.
    const t = performance.now();
    let importSeconds: number;
    let cleanupSeconds: number;
    try {
      const result = await runImport(ctx, { planId: plan.id, format: "csv", source: file });
      importSeconds = (performance.now() - t) / 1000;
      if (result.imported !== rows) {
        throw new Error(
          `The import wrote ${result.imported} memberships of ${rows} (invalid ${result.invalid}: ${JSON.stringify(result.errors.slice(0, 3))})`,
        );
      }
    } finally {
      // This run's members go again, whatever happened: memberships first (they reference the clients), then the clients.
      const c = performance.now();
      const pattern = `imp${tag}-%`;
      await db.transaction(async (tx) => {
        await tx.execute(sql`
          delete from memberships m using clients c
           where m.studio_id = ${largest.id}::uuid and c.studio_id = m.studio_id and c.id = m.client_id
             and c.email_normalized like ${pattern}`);
        await tx.execute(
          sql`delete from clients where studio_id = ${largest.id}::uuid and email_normalized like ${pattern}`,
        );
      });
      cleanupSeconds = (performance.now() - c) / 1000;
    }

    // For scale: the same people COPYed straight into clients (every index, the generated search column), rolled back.
    let copyClientsSeconds = NaN;
    if (opts.copyIntoClients ?? true) {
      const people = csvChunks("studio_id,name,email,email_normalized,source", rows, (i) => {
        const email = `cpy${tag}-${i}@bench.roster.test`;
        return `${largest.id},Imported ${i} Member,${email},${email},import`;
      });
      await pg
        .begin(async (tx) => {
          copyClientsSeconds = await copyIn(
            tx,
            `copy clients (studio_id, name, email, email_normalized, source) from stdin with (format csv, header true)`,
            people,
          );
          throw new RolledBack();
        })
        .catch((e) => {
          if (!(e instanceof RolledBack)) throw e;
        });
    }

    // Deleted and rolled-back rows leave dead index entries the later measures would otherwise wade through.
    await db.execute(sql`vacuum analyze clients, memberships`);

    const importRowsPerSecond = rows / importSeconds;
    const copyRowsPerSecond = rows / copySeconds;
    const copyClientsRowsPerSecond = rows / copyClientsSeconds;
    const out: ImportBenchResult = {
      rows,
      bytes,
      importSeconds,
      importRowsPerSecond,
      copySeconds,
      copyRowsPerSecond,
      ratio: importRowsPerSecond / copyRowsPerSecond,
      copyClientsSeconds,
      copyClientsRowsPerSecond,
      ratioToClientsCopy: importRowsPerSecond / copyClientsRowsPerSecond,
      cleanupSeconds,
      pass: importRowsPerSecond / copyClientsRowsPerSecond >= IMPORT_TARGET_RATIO,
    };
    const perSecond = (n: number) => `${Math.round(n).toLocaleString("en")} rows/s`;
    printTable(
      `Import of ${rows.toLocaleString("en")} members (${(bytes / MB).toFixed(1)} MB CSV) into a plan of a ${largest.clients.toLocaleString("en")}-client studio (target ≥ ${IMPORT_TARGET_RATIO}× COPY into clients)`,
      ["path", "seconds", "throughput", "import ÷ this", "target"],
      [
        ["runImport (M10, one transaction)", out.importSeconds.toFixed(2), perSecond(importRowsPerSecond), "", ""],
        [
          "COPY into a scratch table (for scale: no index, no constraint)",
          copySeconds.toFixed(2),
          perSecond(copyRowsPerSecond),
          `${out.ratio.toFixed(3)}×`,
          "",
        ],
        ...(Number.isNaN(copyClientsSeconds)
          ? []
          : [
              [
                "COPY into clients, rolled back (baseline)",
                copyClientsSeconds.toFixed(2),
                perSecond(copyClientsRowsPerSecond),
                `${out.ratioToClientsCopy.toFixed(3)}×`,
                out.pass ? "pass" : "short",
              ],
            ]),
      ],
    );
    console.log(`  (cleanup of the imported memberships and clients: ${cleanupSeconds.toFixed(1)} s)`);
    return out;
  } finally {
    await pg.end({ timeout: 5 });
  }
}

class RolledBack extends Error {}

export type ExportBenchResult = {
  rows: number;
  bytes: number;
  seconds: number;
  mbPerSecond: number;
  rowsPerSecond: number;
  /** The app server's resident size just before the download, and its peak growth over it while streaming (MB, sampled every 50 ms). */
  serverRssBeforeMb: number;
  rssGrowthMb: number;
  copySeconds: number;
  copyBytes: number;
  copyMbPerSecond: number;
  copyRowsPerSecond: number;
  /** Export rows/s ÷ COPY rows/s. */
  ratio: number;
  pass: boolean;
};

/**
 * Measure 4: the clients export of the largest studio downloaded from the app
 * server over HTTP (`GET /api/v1/clients/export.csv` with an API key, what a
 * studio's integration or the dashboard's download asks), read to the end into
 * a sink that only counts bytes and lines. Throughput, and the peak growth of
 * the server process's resident memory while it streams over its level just
 * before (the server's memory cost of one download, measured where it is paid).
 * Baseline: COPY of the same clients' columns TO STDOUT as CSV, read the same way.
 * `onLoad` is told when the download starts and ends (measure 7 samples meanwhile).
 */
export async function benchExport(
  db: Db,
  app: { url: string; pid?: number },
  largest: GeneratedStudio,
  onLoad?: (phase: "start" | "end") => void,
): Promise<ExportBenchResult> {
  const ctx = await ownerCtx(db, largest.id);
  const [{ n: expected } = { n: 0 }] = rowsOf<{ n: number }>(
    await db.execute(
      sql`select count(*)::int as n from clients where studio_id = ${largest.id}::uuid and erased_at is null`,
    ),
  );
  const { key, apiKey } = await createApiKey(ctx, { name: "bench export" });
  let rows: number;
  let bytes = 0;
  let seconds: number;
  let before = NaN;
  let peak = NaN;
  try {
    // Let the previous measure's load settle before taking the starting level.
    await new Promise((r) => setTimeout(r, 1000));
    before = app.pid ? (processMemory(app.pid)?.rssMb ?? NaN) : NaN;
    peak = before;
    const timer = app.pid
      ? setInterval(() => {
          const m = processMemory(app.pid!);
          if (m) peak = Math.max(peak, m.rssMb);
        }, 50)
      : null;
    onLoad?.("start");
    const t = performance.now();
    let lines = 0;
    try {
      const res = await fetch(`${app.url}/api/v1/clients/export.csv`, { headers: { authorization: `Bearer ${key}` } });
      if (res.status !== 200 || !res.body)
        throw new Error(`The export answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
      }
    } finally {
      seconds = (performance.now() - t) / 1000;
      onLoad?.("end");
      if (timer) clearInterval(timer);
    }
    const last = app.pid ? processMemory(app.pid) : null;
    if (last) peak = Math.max(peak, last.rssMb);
    rows = lines - 1; // the header
    if (rows !== expected) throw new Error(`The export wrote ${rows} rows, the studio has ${expected} clients`);
  } finally {
    await revokeApiKey({ ...ctx, now: new Date() }, apiKey.id);
  }

  // Baseline: Postgres dumping the stored columns of the same clients, over the same pool.
  const pg = (db as unknown as { $client?: postgres.Sql }).$client;
  if (!pg?.unsafe) throw new Error("benchExport needs the postgres driver (its COPY support) under db.");
  let copyBytes = 0;
  let copyLines = 0;
  const c = performance.now();
  const readable = await pg
    .unsafe(
      `copy (select name, email, phone, total_bookings, lifetime_spend_cents, first_booking_at, last_booking_at, tags
               from clients where studio_id = '${largest.id}' and erased_at is null)
         to stdout with (format csv, header true)`,
    )
    .readable();
  await pipeline(
    readable,
    new Writable({
      write(chunk: Buffer, _enc, done) {
        copyBytes += chunk.byteLength;
        for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) copyLines++;
        done();
      },
    }),
  );
  const copySeconds = (performance.now() - c) / 1000;

  const rssGrowthMb = peak - before;
  const out: ExportBenchResult = {
    rows,
    bytes,
    seconds,
    mbPerSecond: bytes / MB / seconds,
    rowsPerSecond: rows / seconds,
    serverRssBeforeMb: before,
    rssGrowthMb,
    copySeconds,
    copyBytes,
    copyMbPerSecond: copyBytes / MB / copySeconds,
    copyRowsPerSecond: (copyLines - 1) / copySeconds,
    ratio: rows / seconds / ((copyLines - 1) / copySeconds),
    pass: rssGrowthMb < EXPORT_TARGET_GROWTH_MB,
  };
  const perSecond = (n: number) => `${Math.round(n).toLocaleString("en")} rows/s`;
  printTable(
    `Export of ${rows.toLocaleString("en")} clients as CSV over HTTP from the app server (target: the server's RSS growth < ${EXPORT_TARGET_GROWTH_MB} MB)`,
    ["path", "seconds", "MB", "MB/s", "rows/s", "export ÷ COPY", "server RSS before", "server RSS growth", "target"],
    [
      [
        "GET /api/v1/clients/export.csv (R6 stream)",
        seconds.toFixed(2),
        (bytes / MB).toFixed(1),
        out.mbPerSecond.toFixed(1),
        perSecond(out.rowsPerSecond),
        `${out.ratio.toFixed(3)}×`,
        `${before.toFixed(0)} MB`,
        `${rssGrowthMb.toFixed(1)} MB`,
        Number.isNaN(rssGrowthMb) ? "– (server memory not readable)" : out.pass ? "pass" : "short",
      ],
      [
        "COPY … TO STDOUT (baseline)",
        copySeconds.toFixed(2),
        (copyBytes / MB).toFixed(1),
        out.copyMbPerSecond.toFixed(1),
        perSecond(out.copyRowsPerSecond),
        "",
        "",
        "",
        "",
      ],
    ],
  );
  return out;
}
