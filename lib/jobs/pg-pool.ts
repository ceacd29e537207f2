import { EventEmitter } from "node:events";
import type { PGlite } from "@electric-sql/pglite";
import type { Pool, PoolClient } from "pg";

/**
 * The connection graphile-worker uses (J1). On Postgres a real `pg` Pool. On
 * the embedded PGlite (one process, one connection) graphile-worker runs
 * unchanged through this pg.Pool-shaped adapter: every query goes to the one
 * PGlite connection, which serialises them (a Drizzle transaction holds it
 * for its whole length, so the worker never sees half of one). graphile-worker
 * issues BEGIN only while migrating its schema, which happens before anything
 * else runs. LISTEN/NOTIFY is forwarded from PGlite, so jobs start promptly.
 */
export async function openQueuePool(
  target: { kind: "postgres"; url: string } | { kind: "pglite"; client: PGlite },
): Promise<Pool> {
  if (target.kind === "postgres") {
    const { default: pg } = await import("pg");
    const pool = new pg.Pool({ connectionString: target.url, max: 6 });
    pool.on("error", (e) => console.error("[jobs] idle queue connection failed", e.message));
    pool.on("connect", (client) =>
      client.on("error", (e) => console.error("[jobs] queue connection failed", e.message)),
    );
    const end = pool.end.bind(pool);
    // The liveness connection (heldClient) goes back before the pool ends, or end() would wait for it forever.
    pool.end = (async () => {
      const held = holders.get(pool);
      holders.delete(pool);
      if (held) (await held).release();
      await end();
    }) as Pool["end"];
    return pool;
  }
  return pgliteAsPool(target.client) as unknown as Pool;
}

const holders = new WeakMap<Pool, Promise<PoolClient>>();

/** One connection kept for the pool's lifetime: it holds this process's worker advisory locks (see lib/jobs/queue.ts). */
export function heldClient(pool: Pool): Promise<PoolClient> {
  let held = holders.get(pool);
  if (!held) {
    held = pool.connect();
    holders.set(pool, held);
  }
  return held;
}

type QueryConfig = string | { text: string; values?: unknown[] };

class PgliteClient extends EventEmitter {
  private unlisten: Array<() => Promise<void>> = [];
  constructor(private readonly db: PGlite) {
    super();
  }
  async query(q: QueryConfig, v?: unknown[]) {
    const text = typeof q === "string" ? q : q.text;
    const values = (typeof q === "string" ? v : q.values) ?? [];
    const listen = /^\s*listen\s+"?([^";]+)"?\s*;?\s*$/i.exec(text);
    if (listen) {
      const off = await this.db.listen(listen[1]!, (payload) =>
        this.emit("notification", { channel: listen[1], payload, processId: 0 }),
      );
      this.unlisten.push(off);
      return { rows: [], rowCount: 0 };
    }
    if (/^\s*unlisten\b/i.test(text)) {
      await Promise.all(this.unlisten.splice(0).map((off) => off()));
      return { rows: [], rowCount: 0 };
    }
    const r = values.length
      ? await this.db.query(
          text,
          values.map((x) => (x === undefined ? null : x)),
        )
      : ((await this.db.exec(text)).at(-1) ?? { rows: [], affectedRows: 0 });
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  }
  release() {
    void Promise.all(this.unlisten.splice(0).map((off) => off()));
  }
}

function pgliteAsPool(db: PGlite) {
  class PglitePool extends EventEmitter {
    async connect() {
      return new PgliteClient(db);
    }
    async query(q: QueryConfig, v?: unknown[]) {
      return new PgliteClient(db).query(q, v);
    }
    async end() {}
  }
  const pool = new PglitePool();
  pool.on("error", () => {}); // graphile-worker checks that the pool has error handlers
  pool.on("connect", () => {});
  return pool;
}

/** Installs or upgrades graphile-worker's schema (`graphile_worker`); it locks against concurrent runs itself. */
export async function migrateQueue(pgPool: Pool): Promise<void> {
  const { runMigrations, Logger } = await import("graphile-worker");
  await runMigrations({ pgPool, logger: new Logger(() => () => {}) });
}
