import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { bookings, classSessions, memberships, messages } from "@/db/schema";
import { bookSession } from "@/lib/bookings";
import type { Actor } from "@/lib/core/ctx";
import { enqueueMail } from "@/lib/jobs";
import { rowsOf } from "@/lib/core/sql";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { listLedger } from "@/lib/memberships/ledger";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, uniqueEmail, type TestStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { startTestSmtp, type TestSmtp } from "@/test/support/smtp";
import { testDatabaseMode } from "@/test/support/test-database";

/**
 * J1, J2 across processes (Postgres only: PGlite is one process by design).
 * Worker processes are real child processes (tsx test/support/jobs-worker.ts)
 * on this test file's database; so are the booking processes of the B1, S3, S1
 * races (tsx test/support/book-child.ts), each with its own connection pool.
 */
const onPostgres = testDatabaseMode() === "postgres";

let smtp: TestSmtp;
let url: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!onPostgres) return;
  smtp = await startTestSmtp();
  const [row] = rowsOf<{ db: string }>(await (await getDb()).execute(sql`select current_database() as db`));
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = `/${row!.db}`;
  url = u.toString();
  await (await getDb()).execute(sql`create table if not exists test_ticks (ts text not null, pid int not null)`);
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await smtp?.close();
});

function worker(env: Record<string, string> = {}): Promise<ChildProcess & { output: () => string }> {
  // node itself runs the worker (tsx as a loader), so the pid we SIGKILL is the worker's.
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("test/support/jobs-worker.ts")], {
    env: { ...process.env, DATABASE_URL: url, SMTP_URL: smtp.url, ROSTER_JOBS_POLL_MS: "200", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${out}`)), 90_000);
    const check = () => {
      if (/^ready$/m.test(out)) {
        clearTimeout(timer);
        resolve(Object.assign(child, { output: () => out }));
      }
    };
    child.stdout!.on("data", check);
    child.on("exit", (code) => reject(new Error(`worker exited ${code}:\n${out}`)));
  });
}

async function until(what: string, ok: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 100)))
    if (await ok()) return;
  throw new Error(`Timed out waiting for ${what}`);
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await gone;
}

describe.skipIf(!onPostgres)("J1, J2: several processes on one Postgres", () => {
  it("J1: two worker processes run each due job once", async () => {
    const s = await makeStudio();
    const ctx = await s.owner();
    const [a, b] = await Promise.all([worker(), worker()]);
    const to = Array.from({ length: 30 }, (_, i) => uniqueEmail(`two${i}`));
    await ctx.db.transaction(async (tx) => {
      for (const t of to)
        await enqueueMail(
          { ...ctx, db: tx },
          { kind: "welcome", to: t, subject: "Hi", text: "Hello" },
          { key: `two:${t}` },
        );
    });
    await until("all 30 mails", () => to.every((t) => smtp.mails.some((m) => m.to.includes(t))));
    await new Promise((r) => setTimeout(r, 1500)); // time for a duplicate to show up, if any
    for (const t of to) expect(smtp.mails.filter((m) => m.to.includes(t))).toHaveLength(1);
    const rows = await ctx.db.select().from(messages).where(eq(messages.studioId, s.studio.id));
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(to.map(() => ["sent", 1]));
    await Promise.all([stop(a), stop(b)]);
  }, 180_000);

  it("J2: a scheduled job fires once per period with two worker sets", async () => {
    const db = await getDb();
    // The tick last ran 4 minutes ago: both processes start together and backfill the missed minutes.
    await db.execute(sql`
      insert into graphile_worker._private_known_crontabs (identifier, known_since, last_execution)
      values ('test.tick', now() - interval '1 hour', date_trunc('minute', now()) - interval '4 minutes')
      on conflict (identifier) do update set last_execution = excluded.last_execution`);
    const [a, b] = await Promise.all([worker({ ROSTER_TEST_TICK: "1" }), worker({ ROSTER_TEST_TICK: "1" })]);
    await until(
      "the backfilled ticks",
      async () => rowsOf(await db.execute(sql`select 1 from test_ticks`)).length >= 4,
    );
    await new Promise((r) => setTimeout(r, 2000));
    const ticks = rowsOf<{ ts: string; n: number }>(
      await db.execute(sql`select ts, count(*)::int as n from test_ticks group by ts`),
    );
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    for (const t of ticks) expect(t).toEqual({ ts: t.ts, n: 1 });
    await Promise.all([stop(a), stop(b)]);
  }, 180_000);

  it("J1 KILL TEST: a worker SIGKILLed between taking a mail and sending it; after restart the mail arrives exactly once", async () => {
    const s = await makeStudio();
    const ctx = await s.owner();
    const to = uniqueEmail("killed");
    const stalled = await worker({ ROSTER_TEST_STALL_BEFORE_SEND: "600000" });
    await enqueueMail(ctx, { kind: "welcome", to, subject: "Hi", text: "Hello" }, { key: `kill:${to}` });
    await until("the worker to take the mail", () => stalled.output().includes("stalling before send")).catch((e) => {
      throw new Error(`${String(e)}\n${stalled.output()}`);
    });
    await stop(stalled); // SIGKILL: the job stays locked by a dead process, the mail unsent
    expect(smtp.mails.some((m) => m.to.includes(to))).toBe(false);
    const [queued] = await ctx.db
      .select()
      .from(messages)
      .where(and(eq(messages.studioId, s.studio.id), eq(messages.toAddress, to)));
    expect(queued!.status).toBe("queued");

    const restarted = await worker();
    await smtp.waitFor(to, 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.mails.filter((m) => m.to.includes(to))).toHaveLength(1);
    const [sent] = await ctx.db
      .select()
      .from(messages)
      .where(and(eq(messages.studioId, s.studio.id), eq(messages.toAddress, to)));
    expect(sent).toMatchObject({ status: "sent", attempts: 1 });
    await stop(restarted);
  }, 180_000);
});

type BookingJob = { studioId: string; actor: Actor; bookings: { sessionId: string; clientId?: string }[] };

/** A booking process (test/support/book-child.ts), started and "ready": `go()` books its list at once and gives each outcome. */
async function booker(job: BookingJob): Promise<{ go: () => Promise<string[]> }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("test/support/book-child.ts")], {
    env: { ...process.env, DATABASE_URL: url, ROSTER_BOOK: JSON.stringify(job) },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`booker exited ${code}:\n${out}`)))),
  );
  await Promise.race([until("the booker to start", () => /^ready$/m.test(out), 90_000), exited]);
  return {
    go: async () => {
      child.stdin!.end("go\n");
      await exited;
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (!line) throw new Error(`no result from the booker:\n${out}`);
      return (JSON.parse(line) as { outcomes: string[] }).outcomes;
    },
  };
}

/** Two booking processes, both started before either books, then let go together. */
async function race(
  s: TestStudio,
  a: BookingJob["bookings"],
  b: BookingJob["bookings"],
): Promise<[string[], string[]]> {
  const actor: Actor = { kind: "staff", userId: s.ownerId, role: "owner" };
  const [pa, pb] = await Promise.all([
    booker({ studioId: s.studio.id, actor, bookings: a }),
    booker({ studioId: s.studio.id, actor, bookings: b }),
  ]);
  return Promise.all([pa.go(), pb.go()]);
}

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000);

describe.skipIf(!onPostgres)("B1, S3, S1: the booking races across processes on one Postgres", () => {
  it("B1, S3: two processes × 8 clients for a class's last place: exactly one booked, the others class_full", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const plan = await makePlan(owner, PLANS.pack(8, 60));
    const { session } = await makeSession(owner, { startsAt: inDays(2), capacity: 3 });
    // Two of three places taken: one left.
    for (const name of ["Early1", "Early2"]) {
      const c = await makeClient(owner, name);
      await assignMembership(owner, { planId: plan.id, clientId: c.id });
      await bookSession(owner, { sessionId: session.id, clientId: c.id });
    }
    const people = await Promise.all(Array.from({ length: 16 }, (_, i) => makeClient(owner, `Racer${i}`)));
    for (const p of people) await assignMembership(owner, { planId: plan.id, clientId: p.id });
    const list = people.map((p) => ({ sessionId: session.id, clientId: p.id }));

    const [a, b] = await race(s, list.slice(0, 8), list.slice(8));
    const outcomes = [...a, ...b];
    expect(outcomes.filter((o) => o === "booked")).toHaveLength(1);
    expect(outcomes.filter((o) => o !== "booked")).toEqual(Array(15).fill("class_full"));

    const [row] = await owner.db.select().from(classSessions).where(eq(classSessions.id, session.id));
    const live = await owner.db
      .select()
      .from(bookings)
      .where(and(eq(bookings.sessionId, session.id), eq(bookings.status, "booked")));
    expect(live).toHaveLength(3);
    expect(row!.bookedCount).toBe(3);
    // S3: the racer booked is the one the processes said, its pack spent once.
    const winner = people[outcomes.indexOf("booked")]!;
    expect(live.filter((l) => people.some((p) => p.id === l.clientId)).map((l) => l.clientId)).toEqual([winner.id]);
  }, 180_000);

  it("S1, S2: a pack's last session, booked into two sessions from two processes at once, is spent once (6 clients)", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const plan = await makePlan(owner, PLANS.pack(2, 60));
    const [x, y, z] = await Promise.all(
      [2, 3, 4].map((d) => makeSession(owner, { startsAt: inDays(d), dropInPriceCents: null })),
    );
    const people = await Promise.all(Array.from({ length: 6 }, (_, i) => makeClient(owner, `Pack${i}`)));
    const packs: string[] = [];
    for (const p of people) {
      packs.push((await assignMembership(owner, { planId: plan.id, clientId: p.id })).membership.id);
      await bookSession(owner, { sessionId: z!.session.id, clientId: p.id }); // one session left
    }

    const [a, b] = await race(
      s,
      people.map((p) => ({ sessionId: x!.session.id, clientId: p.id })),
      people.map((p) => ({ sessionId: y!.session.id, clientId: p.id })),
    );
    for (const [i, p] of people.entries()) {
      // Per client: one process booked, the other was refused no_sessions_left.
      expect([a[i], b[i]].sort()).toEqual(["booked", "no_sessions_left"]);
      const [m] = await owner.db.select().from(memberships).where(eq(memberships.id, packs[i]!));
      const ledger = await listLedger(owner, packs[i]!);
      expect(m!.sessionsRemaining).toBe(0);
      expect(ledger.map((r) => r.delta)).toEqual([2, -1, -1]); // S2: bought 2, two bookings
      expect(ledger.reduce((sum, r) => sum + r.delta, 0)).toBe(m!.sessionsRemaining);
      const live = await owner.db
        .select()
        .from(bookings)
        .where(and(eq(bookings.clientId, p.id), eq(bookings.status, "booked")));
      expect(live.map((l) => l.sessionId).sort()).toEqual(
        [z!.session.id, a[i] === "booked" ? x!.session.id : y!.session.id].sort(),
      );
    }
    // The losers' reserved places were given back with their transactions (B1).
    for (const [sess, won] of [
      [x!, a],
      [y!, b],
    ] as const) {
      const [row] = await owner.db.select().from(classSessions).where(eq(classSessions.id, sess.session.id));
      expect(row!.bookedCount).toBe(won.filter((o) => o === "booked").length);
    }
  }, 180_000);
});
