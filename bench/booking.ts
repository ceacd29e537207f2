/**
 * Measure 1 of the benchmark (issue 8): booking throughput and latency, book
 * then cancel, with 8 and 32 concurrent workers, through the domain layer
 * (lib/bookings/*) and through the HTTP API of a `next start` on the same
 * database (bench/app-server.ts). Baseline: pgbench's TPC-B-like script
 * with the same client counts, in a scratch database on the same server.
 *
 * Every pair is a real booking paid by a session pack: the book takes a
 * session (S1) and reserves a place (B1), the cancel frees both, and each sends
 * its mail (recorded as not sent without SMTP), as the app does. The bench's
 * class, pack plan and clients are its own rows in the largest studio, found
 * again on a rerun; after the run nothing it made is left booked, and the
 * integrity of places and ledgers is checked and printed.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { and, eq, inArray, sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, postgresArgs, type Db } from "@/db";
import { bookings, classes, membershipPlans, staff, studios } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";
import { bookSession } from "@/lib/bookings/book-session";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { createClass } from "@/lib/classes/classes";
import { createSessions } from "@/lib/classes/sessions";
import type { Ctx } from "@/lib/core/ctx";
import { DomainError, RuleError } from "@/lib/core/errors";
import { rowsOf } from "@/lib/core/sql";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { createPlan } from "@/lib/plans/plans";
import { floorLoad, type HttpLoad } from "./floor";
import { ms, percentile, printTable } from "./stats";
import type { GeneratedStudio } from "./generate";

const run = promisify(execFile);

/**
 * Issue 20's targets, per transaction (a book is one, a cancel is one): through lib/, transactions per second
 * against pgbench TPC-B's; over HTTP, requests per second against the framework's floor on the same server
 * (the same worker count asking a route that answers 401 with no database work).
 */
export const BOOKING_TARGET_DOMAIN = 0.5;
export const BOOKING_TARGET_HTTP = 0.5;
/** Cost growth: a pair for a client with HISTORY past bookings within ±20% of one for a client with none. */
export const COST_GROWTH_LIMIT = 0.2;
const HISTORY = 2000;
const GROWTH_PAIRS = 150;

const CLASS_TITLE = "Bench booking";
const PLAN_NAME = "Bench booking pack";
const PACK_SESSIONS = 1000;
/** Sessions the workers spread over: like a fortnight's timetable of one class, so places are contended as pgbench's 10 branches are. */
const SESSIONS = 14;
/** Clients each worker books for in turn (a client holds at most one live booking at a time, its own worker's). */
const CLIENTS_PER_WORKER = 4;
/** pgbench's threads (-j), and the threads the domain rows spread their workers over to match. */
const PGBENCH_THREADS = 2;
/** pgbench scale: 10 branches, a million accounts. */
const PGBENCH_SCALE = 10;
/**
 * API keys shared round robin by the HTTP workers. One key may make 600
 * requests a minute (LIMITS.apiPerKey, issue 9); the bench measures the server,
 * not that policy, so it spreads its requests over enough keys to stay under it
 * (64 keys: 640 requests a second). Refusals with rate_limited are counted if any.
 */
const HTTP_KEYS = 64;

export type Latency = { p50: number; p99: number; n: number };

export type Integrity = {
  sessions: number;
  overbooked: number;
  miscounted: number;
  memberships: number;
  unbalanced: number;
  /** Packs of the bench clients not back at their starting count after clean-up (S1: every cancel returns its session). */
  notRestored: number;
  leftBooked: number;
  /** R1: bench clients whose counters differ from a recount of their bookings and payments. */
  countersOff: number;
  ok: boolean;
};

export type BookingResult = {
  path: "domain" | "http";
  workers: number;
  seconds: number;
  /** Book-then-cancel pairs completed (each two transactions). */
  pairs: number;
  pairsPerSecond: number;
  book: Latency;
  cancel: Latency;
  /** Rule refusals by code (class_full, …), and cancels refused as `cancel:<code>`. */
  refusals: Record<string, number>;
  errors: number;
  firstError?: string;
  /** Transactions per second: a book and a cancel are one each (2 × pairs). */
  transactionsPerSecond: number;
  /** The baseline: pgbench TPC-B-like tps (domain), or the framework floor's requests per second (HTTP), same worker count. */
  baseline: "pgbench" | "floor";
  baselinePerSecond: number;
  /** pgbench TPC-B-like, same client count, transactions per second without connection time. */
  pgbenchTps: number;
  /** Pairs per second ÷ baseline (for comparison with earlier runs). */
  pairRatio: number;
  /** Transactions (requests) per second ÷ baseline: what the target is judged on. */
  ratio: number;
  target: number;
  /** The ratio reached, no errors, and the integrity check passed. */
  pass: boolean;
  integrity?: Integrity;
};

export type CostGrowth = {
  history: number;
  pairs: number;
  /** Median book + cancel, ms, for a client with no past bookings and one with `history`. */
  freshMs: number;
  heavyMs: number;
  /** heavy ÷ fresh − 1. */
  growth: number;
  limit: number;
  pass: boolean;
};

export type Outcome =
  | { kind: "ok"; bookMs: number; cancelMs: number }
  | { kind: "refused"; code: string }
  | { kind: "error"; message: string };

type Drive = {
  workers: number;
  seconds: number;
  pairs: number;
  pairsPerSecond: number;
  book: Latency;
  cancel: Latency;
  refusals: Record<string, number>;
  errors: number;
  firstError?: string;
};

type Setup = { ctx: Ctx; planId: string; classId: string; sessionIds: string[]; clientIds: string[] };

export async function ownerCtx(db: Db, studioId: string): Promise<Ctx> {
  const [studio] = await db.select().from(studios).where(eq(studios.id, studioId));
  const [owner] = await db.select().from(staff).where(eq(staff.studioId, studioId));
  return { db, studio: studio!, actor: { kind: "staff", userId: owner!.userId, role: "owner" }, now: new Date() };
}

const fresh = (ctx: Ctx, db = ctx.db): Ctx => ({ ...ctx, db, now: new Date() });
const day = (d: Date) => d.toISOString().slice(0, 10);

/** The bench's class, sessions a day or more ahead, pack plan and clients holding a pack; made once, found on reruns. */
async function prepare(db: Db, studioId: string, clientCount: number): Promise<Setup> {
  const ctx = await ownerCtx(db, studioId);

  let [plan] = await db
    .select({ id: membershipPlans.id })
    .from(membershipPlans)
    .where(and(eq(membershipPlans.studioId, studioId), eq(membershipPlans.name, PLAN_NAME)));
  plan ??= await createPlan(fresh(ctx), {
    name: PLAN_NAME,
    kind: "sessions",
    priceCents: 0,
    durationDays: 3660,
    sessions: PACK_SESSIONS,
  });

  let [cls] = await db
    .select({ id: classes.id })
    .from(classes)
    .where(and(eq(classes.studioId, studioId), eq(classes.title, CLASS_TITLE)));
  cls ??= await createClass(fresh(ctx), {
    title: CLASS_TITLE,
    capacity: 100,
    durationMinutes: 60,
    location: "Bench room",
    dropInPriceCents: null,
  });

  // A daily session two to three weeks ahead: never started during a run, whenever the bench is rerun.
  const now = Date.now();
  await createSessions(fresh(ctx), cls.id, {
    weekly: {
      days: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"],
      time: "06:00",
      from: day(new Date(now + 2 * 86_400_000)),
      until: day(new Date(now + 21 * 86_400_000)),
    },
  });
  const sessionIds = rowsOf<{ id: string }>(
    await db.execute(sql`
      select id from class_sessions
       where studio_id = ${studioId}::uuid and class_id = ${cls.id}::uuid and cancelled_at is null and starts_at > now() + interval '1 day'
       order by starts_at limit ${SESSIONS}`),
  ).map((r) => r.id);
  if (sessionIds.length < SESSIONS)
    throw new Error(`Booking bench: only ${sessionIds.length} future sessions of "${CLASS_TITLE}"`);

  const emails = Array.from({ length: clientCount }, (_, i) => `booking.bench.${i}@bench.roster.test`);
  const held = rowsOf<{ email: string; id: string }>(
    await db.execute(sql`
      select c.email_normalized as email, c.id from clients c
       where c.studio_id = ${studioId}::uuid and c.email_normalized in (${sql.join(
         emails.map((e) => sql`${e}`),
         sql`, `,
       )})
         and exists (select 1 from memberships m where m.studio_id = c.studio_id and m.client_id = c.id and m.plan_id = ${plan.id}::uuid)`),
  );
  const byEmail = new Map(held.map((r) => [r.email, r.id]));
  const clientIds: string[] = [];
  for (const [i, email] of emails.entries()) {
    let id = byEmail.get(email);
    if (!id) {
      const { membership } = await assignMembership(fresh(ctx), { planId: plan.id, email, name: `Booking Bench ${i}` });
      id = membership.clientId!;
    }
    clientIds.push(id);
  }
  return { ctx, planId: plan.id, classId: cls.id, sessionIds, clientIds };
}

/** A booking of the bench's class (the cost-growth client's past bookings are in a class of their own, and stay). */
const benchClassBooking = (setup: Setup) =>
  sql`${bookings.sessionId} in (select id from class_sessions where studio_id = ${setup.ctx.studio.id}::uuid and class_id = ${setup.classId}::uuid)`;

/** Cancels whatever the bench's clients still hold (a run stopped half-way, a refused cancel), through the domain. */
async function cancelLeftovers(setup: Setup): Promise<number> {
  const { ctx } = setup;
  const live = await ctx.db
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(
        eq(bookings.studioId, ctx.studio.id),
        inArray(bookings.clientId, setup.clientIds),
        eq(bookings.status, "booked"),
        benchClassBooking(setup),
      ),
    );
  for (const b of live) await cancelBooking(fresh(ctx), b.id);
  return live.length;
}

/** B1 over every session of the studio, and S2's ledger for every pack of the bench plan. */
async function checkIntegrity(db: Db, studioId: string, setup: Setup): Promise<Integrity> {
  const [places] = rowsOf<{ sessions: number; overbooked: number; miscounted: number }>(
    await db.execute(sql`
      select count(*)::int as sessions,
             count(*) filter (where s.booked_count > s.capacity)::int as overbooked,
             count(*) filter (where s.booked_count <> coalesce(b.n, 0))::int as miscounted
        from class_sessions s
        left join (select session_id, count(*)::int as n from bookings
                    where studio_id = ${studioId}::uuid and status <> 'cancelled' group by session_id) b on b.session_id = s.id
       where s.studio_id = ${studioId}::uuid`),
  );
  const [ledgers] = rowsOf<{ memberships: number; unbalanced: number; not_restored: number }>(
    await db.execute(sql`
      select count(*)::int as memberships,
             count(*) filter (where m.sessions_remaining is distinct from coalesce(l.total, 0))::int as unbalanced,
             count(*) filter (where m.sessions_remaining is distinct from m.sessions_total)::int as not_restored
        from memberships m
        left join (select membership_id, sum(delta)::int as total from membership_ledger
                    where studio_id = ${studioId}::uuid group by membership_id) l on l.membership_id = m.id
       where m.studio_id = ${studioId}::uuid and m.plan_id = ${setup.planId}::uuid`),
  );
  // R1: the bench clients' counters against a recount (every pair moved them twice).
  const [counters] = rowsOf<{ off: number }>(
    await db.execute(sql`
      select count(*)::int as off
        from clients c
        left join lateral (select count(*)::int as n, min(b.created_at) as first_at, max(b.created_at) as last_at
                             from bookings b where b.studio_id = c.studio_id and b.client_id = c.id and b.status <> 'cancelled') b on true
        left join lateral (select coalesce(sum(p.amount_cents - p.refunded_cents), 0)::bigint as spend
                             from payments p where p.studio_id = c.studio_id and p.client_id = c.id and p.status = 'paid') p on true
       where c.studio_id = ${studioId}::uuid and c.id in (${sql.join(
         setup.clientIds.map((id) => sql`${id}::uuid`),
         sql`, `,
       )})
         and (c.total_bookings <> b.n or c.first_booking_at is distinct from b.first_at
              or c.last_booking_at is distinct from b.last_at or c.lifetime_spend_cents <> p.spend)`),
  );
  const [left] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(bookings)
    .where(
      and(
        eq(bookings.studioId, studioId),
        inArray(bookings.clientId, setup.clientIds),
        eq(bookings.status, "booked"),
        benchClassBooking(setup),
      ),
    );
  const r = {
    sessions: places!.sessions,
    overbooked: places!.overbooked,
    miscounted: places!.miscounted,
    memberships: ledgers!.memberships,
    unbalanced: ledgers!.unbalanced,
    notRestored: ledgers!.not_restored,
    leftBooked: left!.n,
    countersOff: counters!.off,
  };
  return {
    ...r,
    ok:
      r.overbooked === 0 &&
      r.miscounted === 0 &&
      r.unbalanced === 0 &&
      r.notRestored === 0 &&
      r.leftBooked === 0 &&
      r.countersOff === 0,
  };
}

/** What one thread's workers measured: every pair's latencies, before they are summarised (threads are merged first). */
export type Samples = {
  seconds: number;
  books: number[];
  cancels: number[];
  refusals: Record<string, number>;
  errors: number;
  firstError?: string;
};

/**
 * `workers` loops doing pairs until `seconds` have passed, after `warmup` unmeasured pairs each; `ready`, when
 * given, is awaited between the warm-up and the clock's start (threads start measuring together).
 */
export async function sample(
  workers: number,
  seconds: number,
  pair: (worker: number, k: number) => Promise<Outcome>,
  opts: { warmup?: number; ready?: () => Promise<void> } = {},
): Promise<Samples> {
  const warmup = opts.warmup ?? 3;
  const books: number[] = [];
  const cancels: number[] = [];
  const refusals: Record<string, number> = {};
  let errors = 0;
  let firstError: string | undefined;
  const counter = Array.from({ length: workers }, () => 0);

  const warm = await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; i < warmup; i++) {
        const o = await pair(w, counter[w]!++);
        if (o.kind === "error") return o.message;
      }
      return null;
    }),
  );
  const failed = warm.find((m) => m !== null);
  if (failed) throw new Error(`Booking bench: warm-up failed: ${failed}`);
  await opts.ready?.();

  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (performance.now() < deadline) {
        const o = await pair(w, counter[w]!++);
        if (o.kind === "ok") {
          books.push(o.bookMs);
          cancels.push(o.cancelMs);
        } else if (o.kind === "refused") {
          refusals[o.code] = (refusals[o.code] ?? 0) + 1;
        } else {
          errors++;
          firstError ??= o.message;
          // A broken setup fails every pair: don't spin on it.
          if (errors > 100) break;
        }
      }
    }),
  );
  return { seconds: (performance.now() - start) / 1000, books, cancels, refusals, errors, firstError };
}

/** One row from the samples of every thread that ran it (`workers` in all): each thread's rate, added up. */
function summarize(workers: number, parts: Samples[]): Drive {
  const lat = (xs: number[]): Latency => {
    xs.sort((a, b) => a - b);
    return { p50: percentile(xs, 50), p99: percentile(xs, 99), n: xs.length };
  };
  const refusals: Record<string, number> = {};
  for (const p of parts) for (const [code, n] of Object.entries(p.refusals)) refusals[code] = (refusals[code] ?? 0) + n;
  const pairs = parts.reduce((n, p) => n + p.books.length, 0);
  return {
    workers,
    seconds: Math.max(...parts.map((p) => p.seconds)),
    pairs,
    pairsPerSecond: parts.reduce((n, p) => n + p.books.length / p.seconds, 0),
    book: lat(parts.flatMap((p) => p.books)),
    cancel: lat(parts.flatMap((p) => p.cancels)),
    refusals,
    errors: parts.reduce((n, p) => n + p.errors, 0),
    firstError: parts.find((p) => p.firstError)?.firstError,
  };
}

async function drive(
  workers: number,
  seconds: number,
  pair: (worker: number, k: number) => Promise<Outcome>,
): Promise<Drive> {
  return summarize(workers, [await sample(workers, seconds, pair)]);
}

/** Which client and session a worker's k-th pair uses: its own clients in turn, the sessions round robin. */
function pick(setup: Pick<Setup, "sessionIds" | "clientIds">, w: number, k: number) {
  const clientId = setup.clientIds[(w * CLIENTS_PER_WORKER + (k % CLIENTS_PER_WORKER)) % setup.clientIds.length]!;
  const sessionId = setup.sessionIds[(w + k) % setup.sessionIds.length]!;
  return { clientId, sessionId };
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 300);

const THREAD_BOOT = `import("tsx/esm/api").then((tsx) => tsx.tsImport(${JSON.stringify(
  new URL("./booking-thread.ts", import.meta.url).href,
)}, ${JSON.stringify(import.meta.url)}))`;

/** The fields of a Setup a booking thread needs (its context is rebuilt there on its own connections). */
export type ThreadSetup = Pick<Setup, "sessionIds" | "clientIds"> & { studio: Ctx["studio"]; actor: Ctx["actor"] };

/** One book-then-cancel pair through lib/, for worker `w`'s k-th turn (bench/booking-thread.ts runs these). */
export async function domainPair(setup: ThreadSetup, db: Db, w: number, k: number): Promise<Outcome> {
  const { clientId, sessionId } = pick(setup, w, k);
  const ctx = (): Ctx => ({ db, studio: setup.studio, actor: setup.actor, now: new Date() });
  const t0 = performance.now();
  let bookingId: string;
  try {
    const r = await bookSession(ctx(), { sessionId, clientId });
    if (!r.booking.sessionTaken)
      return {
        kind: "error",
        message: "a booking did not take a pack session (S1): the bench's clients hold another membership",
      };
    bookingId = r.booking.id;
  } catch (e) {
    return e instanceof RuleError ? { kind: "refused", code: e.code } : { kind: "error", message: message(e) };
  }
  const t1 = performance.now();
  try {
    await cancelBooking(ctx(), bookingId);
  } catch (e) {
    return e instanceof DomainError
      ? { kind: "refused", code: `cancel:${e.code}` }
      : { kind: "error", message: message(e) };
  }
  return { kind: "ok", bookMs: t1 - t0, cancelMs: performance.now() - t1 };
}

/**
 * The domain rows, as pgbench runs its baseline: the workers spread over PGBENCH_THREADS threads (pgbench's -j),
 * each with its own connections, measuring together after their warm-up. One Node thread against pgbench's two
 * measured Node's single thread, not the domain layer (issue 20's "same clients and -j").
 */
async function domainRun(setup: Setup, url: string, workers: number, seconds: number): Promise<Drive> {
  const shared: ThreadSetup = {
    sessionIds: setup.sessionIds,
    clientIds: setup.clientIds,
    studio: setup.ctx.studio,
    actor: setup.ctx.actor,
  };
  const shares = Array.from({ length: PGBENCH_THREADS }, (_, i) =>
    Math.floor((workers + PGBENCH_THREADS - 1 - i) / PGBENCH_THREADS),
  );
  const threads = shares.map(
    (n, i) =>
      // tsx's loader, registered on the main thread by the `tsx` command, does not reach a worker thread: the
      // thread loads its TypeScript through tsx's own import.
      new Worker(THREAD_BOOT, {
        eval: true,
        workerData: {
          url,
          setup: shared,
          workers: n,
          offset: shares.slice(0, i).reduce((a, b) => a + b, 0),
          seconds,
        } satisfies BookingThreadData,
      }),
  );
  const answer = (t: Worker, kind: "ready" | "samples") =>
    new Promise<BookingThreadMessage>((resolve, reject) => {
      const onMessage = (m: BookingThreadMessage) => {
        if (m.kind === "error") reject(new Error(m.message));
        else if (m.kind === kind) resolve(m);
        else return;
        t.off("message", onMessage);
      };
      t.on("message", onMessage);
      t.once("error", reject);
    });
  try {
    await Promise.all(threads.map((t) => answer(t, "ready")));
    const done = threads.map((t) => answer(t, "samples"));
    for (const t of threads) t.postMessage("go");
    const parts = await Promise.all(done);
    return summarize(
      workers,
      parts.map((p) => (p as Extract<BookingThreadMessage, { kind: "samples" }>).samples),
    );
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
}

export type BookingThreadData = { url: string; setup: ThreadSetup; workers: number; offset: number; seconds: number };
export type BookingThreadMessage =
  { kind: "ready" } | { kind: "samples"; samples: Samples } | { kind: "error"; message: string };

async function httpRun(setup: Setup, base: string, keys: string[], workers: number, seconds: number) {
  let next = 0;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${keys[next++ % keys.length]}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    let json: { booking?: { id: string; sessionTaken?: boolean }; error?: { code?: string; message?: string } } = {};
    try {
      json = JSON.parse(text);
    } catch {
      // Not JSON: reported below with its status.
    }
    return { status: res.status, json, text };
  };
  const refusedOrError = (
    r: { status: number; json: { error?: { code?: string } }; text: string },
    prefix = "",
  ): Outcome =>
    (r.status === 409 || r.status === 429) && r.json.error?.code
      ? { kind: "refused", code: `${prefix}${r.json.error.code}` }
      : { kind: "error", message: `${prefix}HTTP ${r.status}: ${r.text.slice(0, 200)}` };

  return drive(workers, seconds, async (w, k) => {
    const { clientId, sessionId } = pick(setup, w, k);
    const t0 = performance.now();
    let booked: Awaited<ReturnType<typeof post>>;
    try {
      booked = await post("/api/v1/bookings", { sessionId, clientId });
    } catch (e) {
      return { kind: "error", message: message(e) };
    }
    if (booked.status !== 201 || !booked.json.booking) return refusedOrError(booked);
    if (!booked.json.booking.sessionTaken)
      return { kind: "error", message: "a booking did not take a pack session (S1)" };
    const t1 = performance.now();
    let cancelled: Awaited<ReturnType<typeof post>>;
    try {
      cancelled = await post(`/api/v1/bookings/${booked.json.booking.id}/cancel`, {});
    } catch (e) {
      return { kind: "error", message: message(e) };
    }
    if (cancelled.status !== 200) return refusedOrError(cancelled, "cancel:");
    return { kind: "ok", bookMs: t1 - t0, cancelMs: performance.now() - t1 };
  });
}

export type PgbenchDatabase = { url: string; drop: () => Promise<void> };

/** A scratch database `<bench db>_pgbench` initialised by `pgbench -i -s 10`; `drop` removes it. Shared by measures 1 and 6. */
export async function pgbenchDatabase(url: string): Promise<PgbenchDatabase> {
  const u = new URL(url);
  const name = `${u.pathname.slice(1) || "postgres"}_pgbench`.replace(/[^a-z0-9_]/gi, "_");
  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const admin = postgres(...postgresArgs(adminUrl.toString(), { max: 1, onnotice: () => {} }));
  const drop = async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  };
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
    const scratch = new URL(url);
    scratch.pathname = `/${name}`;
    await run("pgbench", ["-i", "-q", "-s", String(PGBENCH_SCALE), scratch.toString()], { maxBuffer: 16 << 20 });
    return { url: scratch.toString(), drop };
  } catch (e) {
    await drop().catch(() => {});
    throw e;
  }
}

async function pgbenchRun(url: string, args: string[]): Promise<number> {
  const { stdout } = await run("pgbench", [...args, url], { maxBuffer: 16 << 20 });
  const m = /tps = ([\d.]+) \((without initial connection time|excluding connections establishing)\)/.exec(stdout);
  if (!m) throw new Error(`no tps in pgbench's output:\n${stdout}`);
  return Number(m[1]);
}

/** pgbench's default TPC-B-like script with `clients` connections on 2 threads; tps without connection time. */
export const pgbenchTps = (url: string, clients: number, seconds: number) =>
  pgbenchRun(url, ["-c", String(clients), "-j", String(PGBENCH_THREADS), "-T", String(seconds)]);

/** pgbench's select-only script (-S: one primary-key SELECT a transaction), same shape. */
export const pgbenchSelectTps = (url: string, clients: number, seconds: number) =>
  pgbenchRun(url, ["-S", "-c", String(clients), "-j", String(PGBENCH_THREADS), "-T", String(seconds)]);

/** The app the HTTP rows go to; `onLoad` is told when they start and end (measure 7 samples memory meanwhile). */
export type BookingApp = { url: string; onLoad?: (phase: "start" | "end") => void };

/**
 * Cost growth (issue 20): the same book + cancel, one at a time, for a client with no past bookings and for one
 * with HISTORY (past sessions of a class of their own, one place each, booked once: made once, found on reruns),
 * alternating, GROWTH_PAIRS each; the medians compared. Both hold the bench's pack.
 */
async function costGrowth(setup: Setup, url: string): Promise<{ result: CostGrowth; clientIds: string[] }> {
  const { ctx } = setup;
  const db = ctx.db;
  const ids: string[] = [];
  for (const label of ["fresh", "heavy"]) {
    const email = `booking.bench.growth.${label}@bench.roster.test`;
    const [held] = rowsOf<{ id: string }>(
      await db.execute(sql`
        select c.id from clients c
         where c.studio_id = ${ctx.studio.id}::uuid and c.email_normalized = ${email}
           and exists (select 1 from memberships m where m.studio_id = c.studio_id and m.client_id = c.id and m.plan_id = ${setup.planId}::uuid)`),
    );
    ids.push(
      held?.id ??
        (await assignMembership(fresh(ctx), { planId: setup.planId, email, name: `Growth Bench ${label}` })).membership
          .clientId!,
    );
  }
  const [freshId, heavyId] = ids as [string, string];
  const [past] = rowsOf<{ n: number }>(
    await db.execute(sql`
      select count(*)::int as n from bookings
       where studio_id = ${ctx.studio.id}::uuid and client_id = ${heavyId}::uuid and status <> 'cancelled'`),
  );
  if (past!.n < HISTORY) {
    let [cls] = await db
      .select({ id: classes.id })
      .from(classes)
      .where(and(eq(classes.studioId, ctx.studio.id), eq(classes.title, "Bench history")));
    cls ??= await createClass(fresh(ctx), {
      title: "Bench history",
      capacity: 1,
      durationMinutes: 60,
      location: "Bench room",
      dropInPriceCents: null,
    });
    await db.execute(sql`
      with s as (
        insert into class_sessions (studio_id, class_id, starts_at, ends_at, capacity, booked_count)
        select ${ctx.studio.id}::uuid, ${cls.id}::uuid, now() - (k + 1) * interval '6 hours' - ${past!.n} * interval '6 hours',
               now() - (k + 1) * interval '6 hours' - ${past!.n} * interval '6 hours' + interval '1 hour', 1, 1
          from generate_series(0, ${HISTORY - past!.n - 1}) as k
        returning id, starts_at)
      insert into bookings (studio_id, session_id, client_id, status, booked_by, created_at)
      select ${ctx.studio.id}::uuid, s.id, ${heavyId}::uuid, 'booked', 'staff', s.starts_at - interval '1 day' from s`);
  }

  const handle = await openDatabase({ kind: "postgres", url, max: 2 });
  const times: Record<string, number[]> = { [freshId]: [], [heavyId]: [] };
  try {
    for (let k = 0; k < GROWTH_PAIRS + 10; k++) {
      for (const clientId of [freshId, heavyId]) {
        const sessionId = setup.sessionIds[k % setup.sessionIds.length]!;
        const t = performance.now();
        const r = await bookSession(fresh(ctx, handle.db), { sessionId, clientId });
        await cancelBooking(fresh(ctx, handle.db), r.booking.id);
        if (k >= 10) times[clientId]!.push(performance.now() - t);
      }
    }
  } finally {
    await handle.close();
  }
  const median = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  const freshMs = median(times[freshId]!);
  const heavyMs = median(times[heavyId]!);
  const growth = heavyMs / freshMs - 1;
  return {
    result: {
      history: HISTORY,
      pairs: GROWTH_PAIRS,
      freshMs,
      heavyMs,
      growth,
      limit: COST_GROWTH_LIMIT,
      pass: Math.abs(growth) <= COST_GROWTH_LIMIT,
    },
    clientIds: ids,
  };
}

export async function benchBooking(
  db: Db,
  url: string,
  largest: GeneratedStudio,
  opts: { seconds?: number; workers?: number[]; pgbench?: PgbenchDatabase; app?: BookingApp } = {},
): Promise<{ rows: BookingResult[]; costGrowth: CostGrowth | null; floor: HttpLoad[] }> {
  const seconds = opts.seconds ?? 10;
  const counts = opts.workers ?? [8, 32];
  const log = (line: string) => console.log(`  booking: ${line}`);
  let t = performance.now();
  const lap = () => `${((performance.now() - t) / 1000).toFixed(1)} s`;
  const setup = await prepare(db, largest.id, Math.max(...counts) * CLIENTS_PER_WORKER);
  log(`class, ${SESSIONS} sessions and ${setup.clientIds.length} clients with a pack ready in ${lap()}`);
  const leftover = await cancelLeftovers(setup);
  if (leftover) log(`cancelled ${leftover} booking(s) an earlier run left`);

  const results: BookingResult[] = [];
  const floors: HttpLoad[] = [];
  let growth: CostGrowth | null = null;
  const tps = new Map<number, number>();
  t = performance.now();
  const scratch = opts.pgbench ?? (await pgbenchDatabase(url));
  if (!opts.pgbench) log(`pgbench -i -s ${PGBENCH_SCALE} in ${lap()}`);
  try {
    for (const workers of counts) {
      t = performance.now();
      tps.set(workers, await pgbenchTps(scratch.url, workers, seconds));
      log(`pgbench -c ${workers}: ${tps.get(workers)!.toFixed(0)} tps (${lap()})`);
    }
  } finally {
    if (!opts.pgbench) await scratch.drop();
  }
  const withBaseline = (path: "domain" | "http", r: Drive, floor?: HttpLoad): BookingResult => {
    const pgbench = tps.get(r.workers)!;
    const baselinePerSecond = path === "domain" ? pgbench : floor!.requestsPerSecond;
    const target = path === "domain" ? BOOKING_TARGET_DOMAIN : BOOKING_TARGET_HTTP;
    const transactionsPerSecond = 2 * r.pairsPerSecond;
    const ratio = transactionsPerSecond / baselinePerSecond;
    return {
      path,
      ...r,
      transactionsPerSecond,
      baseline: path === "domain" ? "pgbench" : "floor",
      baselinePerSecond,
      pgbenchTps: pgbench,
      pairRatio: r.pairsPerSecond / baselinePerSecond,
      ratio,
      target,
      // Settled after the integrity check below.
      pass: false,
    };
  };

  try {
    for (const workers of counts) {
      t = performance.now();
      results.push(withBaseline("domain", await domainRun(setup, url, workers, seconds)));
      log(`domain, ${workers} workers: ${results.at(-1)!.pairsPerSecond.toFixed(1)} pairs/s (${lap()})`);
    }

    t = performance.now();
    const g = await costGrowth(setup, url);
    growth = g.result;
    setup.clientIds.push(...g.clientIds);
    log(
      `cost growth: ${growth.freshMs.toFixed(2)} ms a pair with no past bookings, ${growth.heavyMs.toFixed(2)} ms with ${HISTORY} (${lap()})`,
    );

    const app = opts.app?.url;
    if (app) {
      const keys = [];
      t = performance.now();
      for (let i = 0; i < HTTP_KEYS; i++)
        keys.push(await createApiKey(fresh(setup.ctx), { name: `bench booking ${i + 1}` }));
      log(`${HTTP_KEYS} API keys in ${lap()}`);
      try {
        opts.app?.onLoad?.("start");
        for (const workers of counts) {
          t = performance.now();
          const floor = await floorLoad(app, setup.clientIds, workers, Math.max(3, seconds / 2));
          floors.push(floor);
          log(`floor (401, no database), ${workers} workers: ${floor.requestsPerSecond.toFixed(0)} requests/s`);
          results.push(
            withBaseline(
              "http",
              await httpRun(
                setup,
                app,
                keys.map((k) => k.key),
                workers,
                seconds,
              ),
              floor,
            ),
          );
          log(`HTTP, ${workers} workers: ${results.at(-1)!.pairsPerSecond.toFixed(1)} pairs/s (${lap()})`);
        }
      } finally {
        opts.app?.onLoad?.("end");
        for (const k of keys) await revokeApiKey(fresh(setup.ctx), k.apiKey.id);
      }
    }
  } finally {
    await cancelLeftovers(setup);
  }
  t = performance.now();
  const integrity = await checkIntegrity(db, largest.id, setup);
  for (const r of results) {
    r.integrity = integrity;
    r.pass = r.ratio >= r.target && r.errors === 0 && integrity.ok;
  }
  log(`integrity checked in ${lap()}`);

  const refused = (r: BookingResult) =>
    Object.entries(r.refusals)
      .map(([code, n]) => `${code} ${n}`)
      .join(", ") || "0";
  printTable(
    `Booking: book then cancel for ${seconds} s per row, paid by a session pack (a pair is two transactions, a book and a cancel); ` +
      `baseline pgbench TPC-B-like -j ${PGBENCH_THREADS}, scale ${PGBENCH_SCALE} (domain; its workers on as many threads) or the framework floor, the same server answering 401 with no database work (HTTP); ` +
      `target transactions/s ≥ ${BOOKING_TARGET_DOMAIN}× the baseline (domain), requests/s ≥ ${BOOKING_TARGET_HTTP}× (HTTP); pass also needs 0 errors and the integrity check`,
    [
      "path",
      "workers",
      "pairs/s",
      "tx/s",
      "book p50",
      "book p99",
      "cancel p50",
      "cancel p99",
      "refused",
      "errors",
      "baseline",
      "pairs ÷ base",
      "tx ÷ base",
      "target",
    ],
    results.map((r) => [
      r.path,
      String(r.workers),
      r.pairsPerSecond.toFixed(1),
      r.transactionsPerSecond.toFixed(1),
      ms(r.book.p50),
      ms(r.book.p99),
      ms(r.cancel.p50),
      ms(r.cancel.p99),
      refused(r),
      String(r.errors),
      `${r.baselinePerSecond.toFixed(0)} (${r.baseline})`,
      `${r.pairRatio.toFixed(3)}×`,
      `${r.ratio.toFixed(3)}×`,
      r.pass ? "pass" : "short",
    ]),
  );
  if (!opts.app) console.log("HTTP: skipped (no app server: see --no-app)");
  for (const r of results) if (r.firstError) console.log(`  ${r.path} ${r.workers}: first error: ${r.firstError}`);
  if (growth)
    console.log(
      `Cost growth: book + cancel one at a time, median of ${growth.pairs}: ${ms(growth.freshMs)} with no past bookings, ` +
        `${ms(growth.heavyMs)} with ${growth.history.toLocaleString("en")} (${growth.growth >= 0 ? "+" : ""}${(growth.growth * 100).toFixed(1)}%; target within ±${growth.limit * 100}%) — ${growth.pass ? "pass" : "short"}`,
    );
  console.log(
    `Integrity after the run: ${integrity.overbooked} overbooked and ${integrity.miscounted} miscounted of ${integrity.sessions.toLocaleString("en")} sessions; ` +
      `${integrity.unbalanced} unbalanced and ${integrity.notRestored} not restored of ${integrity.memberships} pack ledgers; ` +
      `${integrity.leftBooked} left booked; ${integrity.countersOff} clients' R1 counters off a recount — ${integrity.ok ? "ok" : "FAILED"}`,
  );
  return { rows: results, costGrowth: growth, floor: floors };
}
