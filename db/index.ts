import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import type { Pool } from "pg";
import { migrateQueue, openQueuePool } from "../lib/jobs/pg-pool";
import { lockDataDir } from "./lock";

export type Schema = typeof schema;
/** The one database type the domain sees: a Postgres connection pool, PGlite, or a transaction of either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseHandle = {
  db: Db;
  kind: "postgres" | "pglite";
  close: () => Promise<void>;
  /** The job queue's connection (graphile-worker, J1), opened on first use and closed with the handle. */
  queuePool: () => Promise<Pool>;
};

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "db/migrations");
export const DEFAULT_DATA_DIR = path.resolve(process.cwd(), ".data/pglite");

export type DatabaseOptions =
  { kind: "postgres"; url: string; max?: number } | { kind: "pglite"; dataDir?: string /* undefined = in memory */ };

/** What the environment asks for: Postgres when DATABASE_URL is set, else PGlite under .data/ (or PGLITE_DIR). */
export function optionsFromEnv(env = process.env): DatabaseOptions {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  return { kind: "pglite", dataDir: env.PGLITE_DIR ? path.resolve(env.PGLITE_DIR) : DEFAULT_DATA_DIR };
}

/**
 * A DATABASE_URL as the postgres driver takes it. libpq's URLs (psql, pgbench, the job queue's `pg`) name a Unix
 * socket's directory as `?host=/run/postgresql`; the postgres driver would pass that on to the server as a setting,
 * so it is taken out of the URL and given as the driver's `host` (a host with a slash is a socket's directory).
 */
export function postgresArgs<O extends object>(url: string, options: O): [string, O & { host?: string }] {
  const u = new URL(url);
  const socketDir = u.searchParams.get("host");
  if (!socketDir?.startsWith("/")) return [url, options];
  u.searchParams.delete("host");
  return [u.toString(), { ...options, host: socketDir }];
}

/** Opens a database and applies every pending migration before returning it. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.kind === "postgres") {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    await migratePostgres(options.url);
    // JIT off for the app's connections: its queries are short, and a report's estimates (across studios of very
    // different sizes) cross jit_above_cost, where compiling took seconds on a loaded machine for a query that ran in
    // less: cohorts 1.45 s → 0.2 s at 100,000 clients (#17). PGlite is built without JIT.
    const client = postgres(
      ...postgresArgs(options.url, { max: options.max ?? 10, onnotice: () => {}, connection: { jit: "off" } }),
    );
    const db = drizzle({ client, schema, casing: "snake_case" }) as unknown as Db;
    const queue = lazyPool(() => openQueuePool({ kind: "postgres", url: options.url }));
    return {
      db,
      kind: "postgres",
      queuePool: queue.get,
      close: async () => {
        await queue.end();
        await client.end({ timeout: 5 });
      },
    };
  }

  const release = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // pg_trgm backs client search (migration 0004), btree_gin its index's leading studio (0040); PGlite ships both
    // as contrib modules.
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    const { btree_gin } = await import("@electric-sql/pglite/contrib/btree_gin");
    const client = await PGlite.create({ dataDir: options.dataDir, extensions: { pg_trgm, btree_gin } });
    const pglite = drizzle({ client, schema, casing: "snake_case" });
    await migrate(pglite, { migrationsFolder: MIGRATIONS_DIR });
    const queue = lazyPool(() => openQueuePool({ kind: "pglite", client }));
    await migrateQueue(await queue.get());
    return {
      db: pglite as unknown as Db,
      kind: "pglite",
      queuePool: queue.get,
      close: async () => {
        await queue.end();
        await client.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

/**
 * Migrates a Postgres database on one dedicated connection under an advisory
 * lock, so app instances starting together apply each migration once.
 */
export async function migratePostgres(url: string): Promise<void> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(...postgresArgs(url, { max: 1, onnotice: () => {} }));
  try {
    await client`select pg_advisory_lock(7246001)`;
    await migrate(drizzle({ client, casing: "snake_case" }), { migrationsFolder: MIGRATIONS_DIR });
    const pool = await openQueuePool({ kind: "postgres", url });
    try {
      await migrateQueue(pool); // graphile-worker's own schema (J1)
    } finally {
      await pool.end();
    }
    await client`select pg_advisory_unlock(7246001)`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

function lazyPool(open: () => Promise<Pool>) {
  let pool: Promise<Pool> | undefined;
  return {
    get: () => (pool ??= open()),
    end: async () => {
      if (pool) await (await pool).end();
    },
  };
}

type Global = typeof globalThis & { __rosterDb?: Promise<DatabaseHandle> };

/**
 * The process-wide database, opened and migrated on first use. Kept on
 * globalThis because Next.js may load this module more than once per process,
 * and PGlite must be opened exactly once.
 */
export function getDatabase(): Promise<DatabaseHandle> {
  const g = globalThis as Global;
  g.__rosterDb ??= openDatabase(optionsFromEnv()).catch((e) => {
    g.__rosterDb = undefined;
    throw e;
  });
  return g.__rosterDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** Replaces the process-wide database (tests give each file its own). */
export function setDatabase(handle: DatabaseHandle | undefined): void {
  (globalThis as Global).__rosterDb = handle ? Promise.resolve(handle) : undefined;
}

export { schema };
