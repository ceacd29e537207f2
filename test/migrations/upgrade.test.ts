import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { eq } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgresJs } from "drizzle-orm/postgres-js/migrator";
import { migrateQueue, openQueuePool } from "@/lib/jobs/pg-pool";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { MIGRATIONS_DIR, schema, type Db } from "@/db";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { runDatabasePrefix } from "@/test/support/test-database";

/**
 * Migrations are history (STYLE "December 2026 additions" #8): a database made
 * by the previous release, with a studio's data in it, migrates to HEAD and
 * keeps its data; and it ends up with the same catalog as a database made
 * fresh at HEAD. The previous release is migrations 0000–0013 as they landed:
 * 0013 was later edited (its waitlist key lost DEFERRABLE INITIALLY DEFERRED),
 * so the test applies the file as it landed (fixtures/, from commit c0c5f74),
 * and 0015 repairs the drift. Runs on Postgres (DATABASE_URL) and on PGlite.
 */
const FIXTURES = path.join(__dirname, "fixtures");
const PREVIOUS_RELEASE_LAST = 13;

type Probe = {
  query: <T = Record<string, unknown>>(text: string) => Promise<T[]>;
  exec: (text: string) => Promise<void>;
  migrate: (folder: string) => Promise<void>;
  /** The database as the app sees it (HEAD's schema). */
  db: Db;
  close: () => Promise<void>;
};

const opened: Probe[] = [];
afterAll(async () => {
  for (const p of opened) await p.close();
});

/** An empty database of the kind this run tests: a new Postgres database on DATABASE_URL's server, or an in-memory PGlite. */
async function emptyDatabase(label: string): Promise<Probe> {
  const url = process.env.DATABASE_URL;
  const run = inject("testRun");
  let probe: Probe;
  if (url && run) {
    // Named under this run's prefix, so the run's clean-up drops it even if this file crashes.
    const name = `${runDatabasePrefix(url, run.runId)}_up_${label}_${randomBytes(3).toString("hex")}`;
    const at = (db: string) => Object.assign(new URL(url), { pathname: `/${db}` }).toString();
    const admin = postgres(at("postgres"), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const sql = postgres(at(name), { max: 1, onnotice: () => {} });
    probe = {
      query: async <T>(text: string) => (await sql.unsafe(text)) as unknown as T[],
      exec: async (text) => void (await sql.unsafe(text).simple()),
      migrate: async (folder) => {
        await migratePostgresJs(drizzlePostgres({ client: sql, casing: "snake_case" }), { migrationsFolder: folder });
        // HEAD's start-up also installs the job queue's own schema (J1), as db/index.ts does.
        if (folder === MIGRATIONS_DIR) {
          const pool = await openQueuePool({ kind: "postgres", url: at(name) });
          try {
            await migrateQueue(pool);
          } finally {
            await pool.end();
          }
        }
      },
      db: drizzlePostgres({ client: sql, schema, casing: "snake_case" }) as unknown as Db,
      close: async () => {
        await sql.end({ timeout: 5 });
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end({ timeout: 5 });
      },
    };
  } else {
    const client = await PGlite.create({ extensions: { pg_trgm, btree_gin } });
    probe = {
      query: async <T>(text: string) => (await client.query<T>(text)).rows,
      exec: async (text) => void (await client.exec(text)),
      migrate: async (folder) => {
        await migratePglite(drizzlePglite({ client, casing: "snake_case" }), { migrationsFolder: folder });
        if (folder === MIGRATIONS_DIR) await migrateQueue(await openQueuePool({ kind: "pglite", client })); // J1, as db/index.ts does
      },
      db: drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Db,
      close: () => client.close(),
    };
  }
  opened.push(probe);
  return probe;
}

/** A migrations folder holding the previous release: 0000–0012 from db/migrations (unchanged, see landed.test.ts) and 0013 as it landed. */
function previousReleaseFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-previous-release-"));
  fs.mkdirSync(path.join(dir, "meta"));
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, "meta/_journal.json"), "utf8")) as {
    entries: { idx: number; tag: string }[];
  };
  journal.entries = journal.entries.filter((e) => e.idx <= PREVIOUS_RELEASE_LAST);
  fs.writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify(journal));
  for (const { idx, tag } of journal.entries) {
    const source = idx === 13 ? path.join(FIXTURES, `${tag}.as-landed.sql`) : path.join(MIGRATIONS_DIR, `${tag}.sql`);
    fs.copyFileSync(source, path.join(dir, `${tag}.sql`));
  }
  return dir;
}

/**
 * What makes two databases the same schema: tables and columns, constraints
 * (with deferrability and validation), indexes, triggers (the foreign keys'
 * own by constraint name, since theirs carry OIDs), functions and enums.
 */
async function catalog(p: Probe) {
  return {
    columns: await p.query(`
      select c.relname as table, a.attname as column, a.attnum as position, format_type(a.atttypid, a.atttypmod) as type,
             a.attnotnull as not_null, a.attidentity as identity, a.attgenerated as generated, pg_get_expr(d.adbin, d.adrelid) as default
        from pg_attribute a join pg_class c on c.oid = a.attrelid
        left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
       where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'v', 'm', 'p') and a.attnum > 0 and not a.attisdropped
       order by 1, 3`),
    constraints: await p.query(`
      select conrelid::regclass::text as table, conname as name, contype as type, condeferrable as deferrable,
             condeferred as deferred, convalidated as validated, pg_get_constraintdef(oid) as definition
        from pg_constraint where connamespace = 'public'::regnamespace order by 1, 2`),
    indexes: await p.query(
      `select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 1, 2`,
    ),
    triggers: await p.query(`
      select t.tgrelid::regclass::text as table, case when t.tgisinternal then coalesce(c.conname, '') else t.tgname end as name,
             t.tgtype as type, t.tgenabled as enabled, t.tgdeferrable as deferrable, t.tginitdeferred as deferred,
             t.tgfoid::regproc::text as function, t.tgisinternal as internal
        from pg_trigger t left join pg_constraint c on c.oid = t.tgconstraint
       where t.tgrelid in (select oid from pg_class where relnamespace = 'public'::regnamespace)
       order by 1, 2, 3, 7`),
    functions: await p.query(`
      select proname as name, pg_get_function_identity_arguments(oid) as args, md5(prosrc) as body
        from pg_proc where pronamespace = 'public'::regnamespace order by 1, 2`),
    enums: await p.query(`
      select t.typname as name, string_agg(e.enumlabel, ',' order by e.enumsortorder) as labels
        from pg_type t join pg_enum e on e.enumtypid = t.oid where t.typnamespace = 'public'::regnamespace group by 1 order by 1`),
  };
}

/** Each table's rows, over the columns the previous release had: count and md5, in key order. */
async function contents(p: Probe, tables: Record<string, string[]>) {
  const out: Record<string, { rows: number; md5: string | null }> = {};
  for (const [table, cols] of Object.entries(tables)) {
    const list = cols.map((c) => `"${c}"`).join(", ");
    const [row] = await p.query<{ rows: number; md5: string | null }>(
      `select count(*)::int as rows, md5(string_agg(r::text, '|' order by r::text)) as md5 from (select ${list} from "${table}") r`,
    );
    out[table] = row!;
  }
  return out;
}

const STUDIO = "10000000-0000-4000-8000-000000000001";
const PACK = "40000000-0000-4000-8000-000000000001";
const MIA_BOOKING = "70000000-0000-4000-8000-000000000001";
const FULL_SESSION = "60000000-0000-4000-8000-000000000001";

describe("migrations are history: the previous release's database upgrades to HEAD", () => {
  it("keeps a studio's data (clients, a pack with its ledger, bookings, a waitlist, a payment), and HEAD's verbs work on it", async () => {
    const old = await emptyDatabase("old");
    await old.migrate(previousReleaseFolder());
    await old.exec(fs.readFileSync(path.join(FIXTURES, "previous-release-data.sql"), "utf8"));

    // The drift is real: the previous release made the waitlist's booking key deferrable.
    const fk = `select condeferrable as deferrable, condeferred as deferred from pg_constraint where conname = 'waitlist_entries_promoted_booking_fk'`;
    expect(await old.query(fk)).toEqual([{ deferrable: true, deferred: true }]);

    const columns = await old.query<{ table: string; cols: string[] }>(`
      select c.relname as table, array_agg(a.attname::text order by a.attnum) as cols
        from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' group by 1`);
    const tables = Object.fromEntries(columns.map((r) => [r.table, r.cols]));
    const before = await contents(old, tables);
    expect(before.clients!.rows).toBe(2);
    expect(before.membership_ledger!.rows).toBe(2);

    await old.migrate(MIGRATIONS_DIR);

    // Every row the previous release wrote is still there, unchanged. A migration that must rewrite old rows says so here.
    expect(await contents(old, tables)).toEqual(before);
    expect(await old.query(fk)).toEqual([{ deferrable: false, deferred: false }]);
    // R1 counters (kept by triggers) and S2's equation hold after the upgrade.
    expect(
      await old.query(
        `select name, total_bookings, lifetime_spend_cents::int as lifetime_spend_cents from clients order by name`,
      ),
    ).toEqual([
      { name: "Mia Member", total_bookings: 1, lifetime_spend_cents: 12000 },
      { name: "Wes Waiting", total_bookings: 0, lifetime_spend_cents: 0 },
    ]);

    // HEAD's code on the upgraded rows: staff cancel Mia's booking; her session returns (S1, S2) and Wes, waiting, is promoted (B4).
    const [studio] = await old.db.select().from(schema.studios).where(eq(schema.studios.id, STUDIO));
    const ctx = {
      db: old.db,
      studio: studio!,
      actor: { kind: "system", reason: "upgrade test" } as const,
      now: new Date("2026-01-25T10:00:00Z"),
    };
    const result = await cancelBooking(ctx, MIA_BOOKING, { by: "staff" });
    expect(result).toMatchObject({ sessionReturned: true, sessionsRemaining: 10 });
    expect(result.promoted).toHaveLength(1);
    expect(
      await old.query(
        `select sessions_remaining, (select sum(delta)::int from membership_ledger where membership_id = m.id) as ledger from memberships m where id = '${PACK}'`,
      ),
    ).toEqual([{ sessions_remaining: 10, ledger: 10 }]);
    expect(
      await old.query(
        `select count(*)::int as n from waitlist_entries where session_id = '${FULL_SESSION}' and promoted_booking_id is not null`,
      ),
    ).toEqual([{ n: 1 }]);
  }, 240_000);

  it("an upgraded database and a fresh one have identical catalogs (0015 repairs 0013's drift)", async () => {
    const old = await emptyDatabase("old2");
    await old.migrate(previousReleaseFolder());
    const fresh = await emptyDatabase("fresh");
    await fresh.migrate(MIGRATIONS_DIR);
    // Before the upgrade they differ (the comparison sees deferrability), after it they are the same.
    const [then, head] = [await catalog(old), await catalog(fresh)];
    expect(then.constraints).not.toEqual(
      head.constraints.filter((c) => then.constraints.some((o) => o.name === c.name)),
    );
    await old.migrate(MIGRATIONS_DIR);
    const upgraded = await catalog(old);
    for (const part of Object.keys(head) as (keyof typeof head)[]) expect(upgraded[part], part).toEqual(head[part]);
    // The ledger's booking key stays checked at commit (bookSession writes the ledger row first), the waitlist's at once.
    expect(
      head.constraints
        .filter((c) => /(membership_ledger|waitlist_entries)_.*booking_fk/.test(String(c.name)))
        .map((c) => [c.name, c.deferrable, c.deferred]),
    ).toEqual([
      ["membership_ledger_booking_fk", true, true],
      ["waitlist_entries_promoted_booking_fk", false, false],
    ]);
  }, 240_000);
});
