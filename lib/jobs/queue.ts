import { EventEmitter } from "node:events";
import { sql, type SQL } from "drizzle-orm";
import type { Runner, TaskList } from "graphile-worker";
import { getDatabase, type DatabaseHandle, type Db } from "@/db";
import type { Ctx } from "@/lib/core/ctx";
import { JOBS, SCHEDULE, type JobName, type JobPayload } from "./definitions";
import { heldClient } from "./pg-pool";
import { extraJobs, type JobDefinition } from "./registry";

export type EnqueueOptions = {
  /** Names the effect (`booked:<id>`): while a job with this key is pending, enqueueing it again does nothing. */
  key: string;
  /** Not before this moment (default: now). */
  runAt?: Date;
};

function definition(name: string): JobDefinition {
  const def = (JOBS as Record<string, JobDefinition>)[name] ?? extraJobs().find((d) => d.name === name);
  if (!def) throw new Error(`Unknown job "${name}"`);
  return def;
}

/**
 * Records a job in the caller's transaction (J1): `select graphile_worker.add_job(...)`
 * through the same Drizzle connection, so a rollback discards it and a commit
 * makes it durable. The payload is checked against the job's zod schema now.
 */
export async function enqueue<N extends JobName | `test.${string}`>(
  on: Ctx | Db,
  name: N,
  payload: N extends JobName ? JobPayload<N> : unknown,
  opts: EnqueueOptions,
): Promise<void> {
  const db = "studio" in on ? on.db : on;
  await db.execute(sql`select ${addJob(name, payload, opts)}`);
}

/**
 * The `graphile_worker.add_job(...)` call of `enqueue`, for a caller that records the job in the same statement as
 * the change that causes it (a CTE: `... select <addJob> from inserted`), one round trip instead of two. The payload
 * is checked against the job's zod schema now, as enqueue does.
 */
export function addJob<N extends JobName | `test.${string}`>(
  name: N,
  payload: N extends JobName ? JobPayload<N> : unknown,
  opts: EnqueueOptions,
): SQL {
  return addJobCall(jobArguments(name, payload, opts));
}

/** The arguments of `graphile_worker.add_job`, as values (or, in a statement built once, its slots). */
export type JobArguments = {
  name: string;
  payload: string;
  runAt: string | null;
  maxAttempts: number;
  jobKey: string;
};

/** A job's arguments for `addJobCall`: its payload checked against the job's zod schema now, as enqueue does. */
export function jobArguments<N extends JobName | `test.${string}`>(
  name: N,
  payload: N extends JobName ? JobPayload<N> : unknown,
  opts: EnqueueOptions,
): JobArguments {
  const def = definition(name);
  return {
    name,
    payload: JSON.stringify(def.payload.parse(payload)),
    runAt: opts.runAt?.toISOString() ?? null,
    maxAttempts: def.maxAttempts ?? 8,
    jobKey: `${name}:${opts.key}`,
  };
}

/** `graphile_worker.add_job(...)` with these arguments (values, or a statement's slots: lib/core/statements.ts). */
export function addJobCall(a: JobArguments): SQL {
  return sql`graphile_worker.add_job(
    ${a.name}::text,
    ${a.payload}::json,
    run_at => ${a.runAt}::timestamptz,
    max_attempts => ${a.maxAttempts}::int,
    job_key => ${a.jobKey}::text,
    job_key_mode => 'unsafe_dedupe'
  )`;
}

function taskList(): TaskList {
  const list: TaskList = {};
  for (const def of [...Object.values(JOBS), ...extraJobs()] as JobDefinition[]) {
    list[def.name] = async (raw, helpers) => {
      const handler = await def.handler();
      const job = helpers.job;
      await handler(def.payload.parse(raw ?? {}), {
        id: String(job.id),
        attempts: job.attempts,
        maxAttempts: job.max_attempts,
        key: job.key ?? null,
      });
    };
  }
  return list;
}

async function quietLogger() {
  const { Logger, consoleLogFactory } = await import("graphile-worker");
  const verbose = process.env.ROSTER_JOBS_LOG === "1";
  return new Logger((scope) => {
    const log = consoleLogFactory(scope);
    return (level, message) => {
      // A failing job is not an error of the process: it is retried and shown to owners (Jobs, Sent mail).
      if (verbose || ((level === "error" || level === "warning") && !/^Failed task|error handlers/.test(message)))
        log(level, message);
    };
  });
}

type LiveGlobal = typeof globalThis & { __rosterLivePools?: Set<string> };

const livePools = () => ((globalThis as LiveGlobal).__rosterLivePools ??= new Set());
const lockName = (poolId: string) => `roster-worker:${poolId}`;

/**
 * Marks a graphile-worker pool of this process as alive. On Postgres the
 * process holds a session advisory lock per pool on one dedicated connection,
 * which Postgres releases when the process dies, however it dies.
 */
async function markAlive(handle: DatabaseHandle, poolId: string): Promise<void> {
  livePools().add(poolId);
  if (handle.kind !== "postgres") return;
  const client = await heldClient(await handle.queuePool());
  await client.query("select pg_advisory_lock(hashtext($1))", [lockName(poolId)]);
}

async function markGone(handle: DatabaseHandle, poolId: string): Promise<void> {
  livePools().delete(poolId);
  if (handle.kind === "postgres") {
    const client = await heldClient(await handle.queuePool());
    await client.query("select pg_advisory_unlock(hashtext($1))", [lockName(poolId)]);
  }
}

function eventsFor(handle: DatabaseHandle) {
  const events = new EventEmitter();
  events.on("pool:create", ({ workerPool }: { workerPool: { id: string } }) => {
    void markAlive(handle, workerPool.id).catch((e) => console.error("[jobs] could not mark a worker alive", e));
  });
  events.on("pool:release", ({ workerPool }: { workerPool: { id: string } }) => {
    void markGone(handle, workerPool.id).catch(() => {});
  });
  return events;
}

/**
 * Frees jobs locked by a worker process that has died (SIGKILL, power loss)
 * so they run again now; graphile-worker alone would wait 4 hours. On Postgres
 * a pool is dead when nobody holds its advisory lock (see markAlive); on PGlite
 * only this process can have the database open, so every pool not of this
 * process is dead. Returns how many pools were freed.
 */
export async function releaseDeadWorkers(): Promise<number> {
  const handle = await getDatabase();
  const pool = await handle.queuePool();
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked_by: string }>(
      "select distinct locked_by from graphile_worker._private_jobs where locked_by is not null",
    );
    const dead: string[] = [];
    for (const { locked_by: id } of rows) {
      if (livePools().has(id)) continue;
      if (handle.kind === "postgres") {
        const { rows: got } = await client.query<{ free: boolean }>(
          "select pg_try_advisory_lock(hashtext($1)) as free",
          [lockName(id)],
        );
        if (!got[0]?.free) continue;
        await client.query("select pg_advisory_unlock(hashtext($1))", [lockName(id)]);
      }
      dead.push(id);
    }
    if (dead.length) await client.query("select graphile_worker.force_unlock_workers($1::text[])", [dead]);
    return dead.length;
  } finally {
    client.release();
  }
}

/**
 * Runs every job that is due now, in this process, until none is left (tests,
 * `npm run roster -- jobs:run` from cron). A job that fails is rescheduled with
 * backoff and not retried in the same drain.
 */
export async function drainJobs(): Promise<void> {
  const handle = await getDatabase();
  await releaseDeadWorkers();
  const { runOnce } = await import("graphile-worker");
  const events = eventsFor(handle);
  const pools: string[] = [];
  events.on("pool:create", ({ workerPool }: { workerPool: { id: string } }) => pools.push(workerPool.id));
  const pgPool = await handle.queuePool();
  const options = {
    pgPool,
    taskList: taskList(),
    logger: await quietLogger(),
    noHandleSignals: true,
    noPreparedStatements: handle.kind === "pglite",
    events,
  };
  await runOnce(options);
  // runOnce can resolve while its last completion or failure is still being written; wait for it.
  for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 20))) {
    const { rows } = await pgPool.query<{ n: number }>(
      "select count(*)::int as n from graphile_worker._private_jobs where locked_by = any($1::text[])",
      [pools],
    );
    if (!rows[0]?.n) break;
  }
}

type Global = typeof globalThis & { __rosterWorkers?: Promise<Runner[]> };

/**
 * Starts this process's workers and the schedule (J1, J2): `ROSTER_WORKER_CONCURRENCY`
 * workers (default 2 on Postgres, 1 on PGlite), each polling and woken by
 * LISTEN/NOTIFY. Idempotent per process.
 */
export function startWorkers(): Promise<Runner[]> {
  const g = globalThis as Global;
  g.__rosterWorkers ??= (async () => {
    const handle = await getDatabase();
    await releaseDeadWorkers();
    const { run, parseCronItems } = await import("graphile-worker");
    const pgPool = await handle.queuePool();
    const n = handle.kind === "pglite" ? 1 : Math.max(1, Number(process.env.ROSTER_WORKER_CONCURRENCY ?? 2));
    const logger = await quietLogger();
    const runners: Runner[] = [];
    for (let i = 0; i < n; i++) {
      const options = {
        pgPool,
        taskList: taskList(),
        logger,
        noHandleSignals: true,
        noPreparedStatements: handle.kind === "pglite",
        pollInterval: Number(process.env.ROSTER_JOBS_POLL_MS ?? 2000),
        events: eventsFor(handle),
        // One worker per process also runs the schedule; graphile-worker claims each period once across processes.
        parsedCronItems: i === 0 ? parseCronItems(scheduleItems()) : [],
      };
      runners.push(await run(options));
    }
    return runners;
  })();
  return g.__rosterWorkers;
}

export function scheduleItems() {
  const items: Array<{ identifier: string; task: string; match: string; backfill?: number }> = [...SCHEDULE];
  // The multi-process test's tick (test/support/jobs-worker.ts), with backfill so it fires at start.
  if (process.env.ROSTER_TEST_TICK === "1" && process.env.NODE_ENV !== "production") {
    items.push({ identifier: "test.tick", task: "test.tick", match: "* * * * *", backfill: 10 * 60_000 });
  }
  return items.map((s) => ({
    task: s.task,
    match: s.match,
    identifier: s.identifier,
    options: { backfillPeriod: s.backfill ?? 0, maxAttempts: 3 },
  }));
}

/** Stops this process's workers, letting running jobs finish. */
export async function stopWorkers(): Promise<void> {
  const g = globalThis as Global;
  const runners = g.__rosterWorkers;
  g.__rosterWorkers = undefined;
  if (runners) await Promise.all((await runners).map((r) => r.stop()));
}
