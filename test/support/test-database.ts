import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { migratePostgres, openDatabase, postgresArgs, type DatabaseHandle } from "@/db";

/**
 * Test databases: each test file gets its own. On Postgres (DATABASE_URL set)
 * a database cloned from a migrated template; otherwise an in-memory PGlite.
 */
export function testDatabaseMode(): "postgres" | "pglite" {
  return process.env.DATABASE_URL ? "postgres" : "pglite";
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function baseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "postgres";
}

/** Each run's databases carry its own tag, so runs on one server (two developers, CI) never touch each other's. */
export function runDatabasePrefix(url: string, runId: string): string {
  return `${baseName(url)}_${runId}`;
}

/** Runs `fn` with a connection to the server's maintenance database. */
async function admin<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(...postgresArgs(withDatabase(url, "postgres"), { max: 1, onnotice: () => {} }));
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Once per run: a migrated template database to clone per test file. Returns its name. */
export async function prepareTemplate(url: string, runId: string): Promise<string> {
  const tpl = `${runDatabasePrefix(url, runId)}_tpl`;
  await admin(url, async (sql) => {
    await sql.unsafe(`drop database if exists "${tpl}" with (force)`);
    await sql.unsafe(`create database "${tpl}"`);
  });
  await migratePostgres(withDatabase(url, tpl));
  return tpl;
}

/** After the run: the template and any file database a crashed worker left behind. */
export async function dropRunDatabases(url: string, runId: string): Promise<void> {
  const prefix = runDatabasePrefix(url, runId);
  await admin(url, async (sql) => {
    const ours = await sql<{ datname: string }[]>`
      select datname from pg_database where starts_with(datname, ${`${prefix}_`})`;
    for (const { datname } of ours) await sql.unsafe(`drop database if exists "${datname}" with (force)`);
  });
}

/** A fresh, migrated database for one test file, cloned from this run's template. Closing it drops it. */
export async function openTestDatabase(run?: { runId: string; template: string }): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (!url || !run) return openDatabase({ kind: "pglite" });

  const name = `${runDatabasePrefix(url, run.runId)}_t_${randomBytes(5).toString("hex")}`;
  await admin(url, (sql) => sql.unsafe(`create database "${name}" template "${run.template}"`));
  const handle = await openDatabase({ kind: "postgres", url: withDatabase(url, name), max: 40 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await admin(url, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
    },
  };
}
