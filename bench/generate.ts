/**
 * The benchmark generator: studios at studio-chain scale, reproducible.
 *
 * Everything is generated inside Postgres with set-based INSERT … SELECT over
 * generate_series, with ids and values derived from md5 of (run seed, studio,
 * index), and every instant counted from a fixed anchor (`anchor`, not the
 * clock), so the same seed and options give the same database, row for row.
 * Bookings and payments go through the same triggers as the app's writes, so
 * the R1 counters are real, not faked. What a studio really got (a client drawn
 * twice for one session books once) is counted as inserted and reported.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { rowsOf } from "@/lib/core/sql";
import { createStudio } from "@/lib/studios/create-studio";

export type GenerateOptions = {
  seed: string;
  /** Studios in the chain; the first is the largest. */
  studios: number;
  /** Clients of the largest studio; the others get a tenth. */
  clients: number;
  /** Bookings in the largest studio (20 places a session). */
  bookings: number;
  /** Memberships in the largest studio (the others a tenth): monthly ones with their payments, packs with their ledgers. */
  memberships: number;
  /** The generated studios' "now": every generated instant is counted from it (ISO). */
  anchor: string;
  log?: (line: string) => void;
};

export const DEFAULTS: GenerateOptions = {
  seed: "roster-bench-1",
  studios: 20,
  clients: 100_000,
  bookings: 1_000_000,
  memberships: 200_000,
  anchor: "2026-12-01T00:00:00Z",
};

const PLACES = 20;

export type GeneratedStudio = {
  id: string;
  slug: string;
  /** Rows really inserted (not the counts asked for). */
  clients: number;
  bookings: number;
  memberships: number;
  ledgerRows: number;
  payments: number;
  ownerEmail: string;
  /** The instant the data was generated around: the measures that read it ask "now" as of it. */
  anchor: Date;
};

type Filled = Pick<GeneratedStudio, "clients" | "bookings" | "memberships" | "ledgerRows" | "payments">;

/** Fills `db` with `opts.studios` studios; returns them, largest first. */
export async function generate(db: Db, opts: GenerateOptions = DEFAULTS): Promise<GeneratedStudio[]> {
  const log = opts.log ?? (() => {});
  const out: GeneratedStudio[] = [];
  for (let s = 0; s < opts.studios; s++) {
    const clients = s === 0 ? opts.clients : Math.max(100, Math.floor(opts.clients / 10));
    const bookings = s === 0 ? opts.bookings : Math.floor(opts.bookings / 50);
    const memberships = s === 0 ? opts.memberships : Math.floor(opts.memberships / 10);
    const started = performance.now();
    const ownerEmail = `owner.${s}.${opts.seed}@bench.roster.test`;
    const { studio } = await createStudio(db, {
      name: `Bench Studio ${s + 1}`,
      timezone: "Europe/Warsaw",
      ownerEmail,
      ownerPassword: "bench-password-2026",
    });
    const filled = await fillStudio(db, studio.id, `${opts.seed}:${s}`, opts.anchor, clients, bookings, memberships);
    out.push({ id: studio.id, slug: studio.slug, ...filled, ownerEmail, anchor: new Date(opts.anchor) });
    log(
      `studio ${s + 1}/${opts.studios}: inserted ${filled.clients} clients, ${filled.bookings} bookings (of ${bookings} drawn), ` +
        `${filled.memberships} memberships, ${filled.ledgerRows} ledger rows, ${filled.payments} payments in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  // What autovacuum would have done by the time a studio browses its list: statistics and the visibility map.
  await db.execute(sql`vacuum analyze`);
  return out;
}

/** `insert … returning 1` wrapped to count the rows really inserted. */
async function inserted(db: Db, statement: ReturnType<typeof sql>): Promise<number> {
  return rowsOf<{ n: number }>(
    await db.execute(sql`with ins as (${statement} returning 1) select count(*)::int as n from ins`),
  )[0]!.n;
}

async function fillStudio(
  db: Db,
  studioId: string,
  seed: string,
  anchor: string,
  clientCount: number,
  bookingCount: number,
  membershipCount: number,
): Promise<Filled> {
  const now = sql.raw(`'${new Date(anchor).toISOString()}'::timestamptz`);
  const sessionCount = Math.ceil(bookingCount / PLACES);
  // A version-4-shaped uuid from md5, so ids are reproducible and pass the API's uuid validation.
  const id = (kind: string, i: string) =>
    sql.raw(`overlay(overlay(md5('${seed}:${kind}:' || ${i}) placing '4' from 13) placing '8' from 17)::uuid`);
  const hashSql = (kind: string, i: string) => `('x' || substr(md5('${seed}:${kind}:' || ${i}), 1, 8))::bit(32)::int`;
  const h = (kind: string, i: string) => sql.raw(hashSql(kind, i));

  // Clients: created over the last three years; a third without a phone.
  const clientsInserted = await inserted(
    db,
    sql`
    insert into clients (studio_id, id, name, email, email_normalized, phone, source, tags, card_token, calendar_token, created_at, updated_at)
    select ${studioId}::uuid, ${id("client", "i")},
           'Client ' || i || ' ' || (array['Nowak','Kowalska','Smith','García','Müller','Rossi','Dubois','Novák'])[1 + abs(${h("surname", "i")}) % 8],
           'client' || i || '@bench.roster.test', 'client' || i || '@bench.roster.test',
           case when i % 3 = 0 then null else '+48 600 ' || lpad((i % 1000000)::text, 6, '0') end,
           'import',
           case when i % 10 = 0 then array['vip'] when i % 7 = 0 then array['morning','yoga'] else '{}'::text[] end,
           md5('${sql.raw(seed)}:card:' || i) || md5('${sql.raw(seed)}:card2:' || i),
           md5('${sql.raw(seed)}:calendar:' || i) || md5('${sql.raw(seed)}:calendar2:' || i),
           ${now} - (abs(${h("created", "i")}) % (3 * 365 * 24 * 60)) * interval '1 minute',
           ${now}
      from generate_series(0, ${clientCount - 1}) as i`,
  );

  // Classes and their sessions: one every 30 minutes backwards from a week after the anchor.
  await db.execute(sql`
    insert into classes (studio_id, id, title, capacity, duration_minutes, location, drop_in_price_cents, created_at)
    select ${studioId}::uuid, ${id("class", "c")}, (array['Vinyasa','Pilates','HIIT','Yin','Spin'])[c + 1], ${PLACES}, 60, 'Room ' || (c + 1), 2500,
           ${now} - interval '4 years'
      from generate_series(0, 4) as c`);
  await db.execute(sql`
    insert into class_sessions (studio_id, id, class_id, starts_at, ends_at, capacity, booked_count, created_at)
    select ${studioId}::uuid, ${id("session", "k")}, ${id("class", "(k % 5)")},
           date_trunc('hour', ${now}) + interval '7 days' - k * interval '30 minutes' + (k % 5) * interval '1 second',
           date_trunc('hour', ${now}) + interval '7 days' - k * interval '30 minutes' + (k % 5) * interval '1 second' + interval '1 hour',
           ${PLACES}, 0, ${now} - interval '4 years'
      from generate_series(0, ${sessionCount - 1}) as k`);

  // Bookings: 20 places a session (a client drawn twice for one session books once: counted, not assumed); one in ten cancelled.
  const bookingsInserted = await inserted(
    db,
    sql`
    insert into bookings (studio_id, id, session_id, client_id, status, booked_by, cancelled_by, cancelled_at, created_at)
    select ${studioId}::uuid, ${id("booking", "n")}, ${id("session", "(n / " + PLACES + ")")},
           -- Skewed like a real studio: a few regulars book most, a long tail books once or twice.
           ${id("client", `floor(${clientCount} * power((abs(${hashSql("who", "n")}) % 1000000) / 1000000.0, 1.7))::int`)},
           case when n % 10 = 3 then 'cancelled'::booking_status else 'booked'::booking_status end,
           case when n % 2 = 0 then 'member'::booking_actor else 'staff'::booking_actor end,
           case when n % 10 = 3 then 'member'::booking_actor end,
           case when n % 10 = 3 then date_trunc('hour', ${now}) + interval '7 days' - (n / ${PLACES}) * interval '30 minutes' - interval '1 day' end,
           date_trunc('hour', ${now}) + interval '7 days' - (n / ${PLACES}) * interval '30 minutes' - (1 + abs(${h("lead", "n")}) % 14) * interval '1 day'
      from generate_series(0, ${bookingCount - 1}) as n
    on conflict do nothing`,
  );
  await db.execute(sql`
    update class_sessions s set booked_count = b.n
      from (select session_id, count(*)::int as n from bookings where studio_id = ${studioId}::uuid and status <> 'cancelled' group by session_id) b
     where s.studio_id = ${studioId}::uuid and s.id = b.session_id`);

  // Payments: a paid payment for one booking in four (drop-ins), a refund on some.
  let paymentsInserted = await inserted(
    db,
    sql`
    insert into payments (studio_id, id, client_id, booking_id, amount_cents, currency, method, status, refunded_cents, paid_at, created_by_actor_type, created_at, updated_at)
    select b.studio_id, ${id("payment", "b.id::text")}, b.client_id, b.id, 2500, 'EUR', 'card_terminal', 'paid',
           case when abs(${h("refund", "b.id::text")}) % 20 = 0 then 1000 else 0 end, b.created_at, 'system', b.created_at, b.created_at
      from bookings b
     where b.studio_id = ${studioId}::uuid and abs(${h("pay", "b.id::text")}) % 4 = 0`,
  );

  // Memberships: three in five monthly (paid for, one payment each), two in five 10-session packs (their ledger:
  // the purchase, then the sessions used as a staff adjustment, so S2's equation holds). Each client holds one or
  // more; every (client, plan, start) differs. Packs end 2 to 12 months after the anchor, so no sweep expires them.
  await db.execute(sql`
    insert into membership_plans (studio_id, id, name, kind, price_cents, currency, interval, duration_days, sessions, created_at, updated_at)
    values (${studioId}::uuid, ${id("plan", "0")}, 'Monthly unlimited', 'recurring', 9900, 'EUR', 'month', null, null, ${now} - interval '4 years', ${now} - interval '4 years'),
           (${studioId}::uuid, ${id("plan", "1")}, '10-class pack', 'sessions', 12000, 'EUR', null, 365, 10, ${now} - interval '4 years', ${now} - interval '4 years')`);
  const membershipsInserted = await inserted(
    db,
    sql`
    insert into memberships (studio_id, id, plan_id, client_id, status, source, starts_at, ends_at, sessions_total, sessions_remaining, created_at, updated_at)
    select ${studioId}::uuid, ${id("membership", "j")}, ${id("plan", "(case when j % 5 < 3 then 0 else 1 end)")}, ${id("client", `(j % ${clientCount})`)},
           'active', 'import', t.starts_at,
           case when j % 5 < 3 then null else t.starts_at + interval '365 days' end,
           case when j % 5 < 3 then null else 10 end,
           case when j % 5 < 3 then null else 10 - abs(${h("used", "j")}) % 11 end,
           t.starts_at, t.starts_at
      from generate_series(0, ${membershipCount - 1}) as j,
           lateral (select ${now} - interval '60 days' - (abs(${h("start", "j")}) % 240) * interval '1 day' - j * interval '1 second' as starts_at) t`,
  );
  const ledgerInserted =
    (await inserted(
      db,
      sql`
    insert into membership_ledger (studio_id, membership_id, delta, balance_after, reason, actor_type, at)
    select m.studio_id, m.id, 10, 10, 'purchased', 'system', m.starts_at
      from memberships m where m.studio_id = ${studioId}::uuid and m.sessions_total is not null`,
    )) +
    (await inserted(
      db,
      sql`
    insert into membership_ledger (studio_id, membership_id, delta, balance_after, reason, actor_type, note, at)
    select m.studio_id, m.id, m.sessions_remaining - 10, m.sessions_remaining, 'adjusted_by_staff', 'system', 'Used before the import', m.starts_at + interval '1 day'
      from memberships m where m.studio_id = ${studioId}::uuid and m.sessions_total is not null and m.sessions_remaining < 10`,
    ));
  paymentsInserted += await inserted(
    db,
    sql`
    insert into payments (studio_id, id, client_id, membership_id, amount_cents, currency, method, status, paid_at, created_by_actor_type, created_at, updated_at)
    select m.studio_id, ${id("payment", "m.id::text")}, m.client_id, m.id, case when m.sessions_total is null then 9900 else 12000 end,
           'EUR', 'card_terminal', 'paid', m.starts_at, 'system', m.starts_at, m.starts_at
      from memberships m where m.studio_id = ${studioId}::uuid`,
  );
  return {
    clients: clientsInserted,
    bookings: bookingsInserted,
    memberships: membershipsInserted,
    ledgerRows: ledgerInserted,
    payments: paymentsInserted,
  };
}

/** The studios an earlier run generated (for `--reuse`), largest first; `anchor` is the one it was generated with. */
export async function generatedStudios(db: Db, anchor = DEFAULTS.anchor): Promise<GeneratedStudio[]> {
  const rows = rowsOf<{
    id: string;
    slug: string;
    clients: number;
    bookings: number;
    memberships: number;
    ledger_rows: number;
    payments: number;
    owner_email: string;
  }>(
    await db.execute(sql`
      select s.id, s.slug,
             (select count(*)::int from clients c where c.studio_id = s.id) as clients,
             (select count(*)::int from bookings b where b.studio_id = s.id) as bookings,
             (select count(*)::int from memberships m where m.studio_id = s.id) as memberships,
             (select count(*)::int from membership_ledger l where l.studio_id = s.id) as ledger_rows,
             (select count(*)::int from payments p where p.studio_id = s.id) as payments,
             (select u.email from staff st join users u on u.id = st.user_id where st.studio_id = s.id limit 1) as owner_email
        from studios s where s.name like 'Bench Studio %' order by clients desc`),
  );
  if (!rows.length) throw new Error("No generated studios to reuse: run the bench once without --reuse.");
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    clients: r.clients,
    bookings: r.bookings,
    memberships: r.memberships,
    ledgerRows: r.ledger_rows,
    payments: r.payments,
    ownerEmail: r.owner_email,
    anchor: new Date(anchor),
  }));
}
