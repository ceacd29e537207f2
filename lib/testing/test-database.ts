import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { migratePostgres, openDatabase, type DatabaseHandle } from "@/db";

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

export function templateName(url: string): string {
  return `${baseName(url)}_tpl`;
}

/** Runs `fn` with a connection to the server's maintenance database. */
async function admin<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(withDatabase(url, "postgres"), { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Once per run: a migrated template database to clone per test file. */
export async function prepareTemplate(url: string): Promise<void> {
  const tpl = templateName(url);
  await admin(url, async (sql) => {
    await sql.unsafe(`drop database if exists "${tpl}" with (force)`);
    await sql.unsafe(`create database "${tpl}"`);
  });
  await migratePostgres(withDatabase(url, tpl));
}

export async function dropTemplate(url: string): Promise<void> {
  const tpl = templateName(url);
  await admin(url, async (sql) => {
    const leftovers = await sql<{ datname: string }[]>`
      select datname from pg_database where datname like ${`${baseName(url)}\\_t\\_%`}`;
    for (const { datname } of leftovers) await sql.unsafe(`drop database if exists "${datname}" with (force)`);
    await sql.unsafe(`drop database if exists "${tpl}" with (force)`);
  });
}

/** A fresh, migrated database for one test file. Closing it drops it. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (!url) return openDatabase({ kind: "pglite" });

  const name = `${baseName(url)}_t_${randomBytes(5).toString("hex")}`;
  await admin(url, (sql) => sql.unsafe(`create database "${name}" template "${templateName(url)}"`));
  const handle = await openDatabase({ kind: "postgres", url: withDatabase(url, name), max: 40 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await admin(url, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
    },
  };
}
