import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { clients, memberships } from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { NotFoundError } from "@/lib/core/errors";
import { formatTime } from "@/lib/core/format";
import { at, rowsOf } from "@/lib/core/sql";
import { dayInZone, lastDayOf } from "@/lib/core/time";
import { isUuid, parseInput } from "@/lib/core/validation";
import { effectiveStatusSql } from "@/lib/memberships/effective-status";
import { csvMoney, csvStream, type CsvCell } from "./csv";

/** The most clients one history export takes (a selection on the clients list). */
export const MAX_HISTORY_CLIENTS = 1000;

export const ExportHistoryInput = z.object({
  clientIds: z
    .array(z.string().trim().max(100), { error: "Choose the clients to export." })
    .min(1, { error: "Choose at least one client." })
    .max(MAX_HISTORY_CLIENTS, {
      error: `Export at most ${MAX_HISTORY_CLIENTS.toLocaleString("en")} clients at a time.`,
    }),
});
export type ExportHistoryInput = z.input<typeof ExportHistoryInput>;

/** What happened, as the "Type" column says it. */
export type HistoryEventType = "booking" | "cancellation" | "payment" | "refund" | "membership";

/** Rows read per query; the stream asks for the next batch only when the last was sent. */
const BATCH_ROWS = 1000;
/** Clients whose events one keyset walk covers, so each query sorts a bounded set. */
const CLIENTS_PER_WALK = 100;

const METHOD_LABEL: Record<string, string> = {
  cash: "cash",
  bank: "bank transfer",
  card_terminal: "card terminal",
  stripe: "Stripe",
  paypal: "PayPal",
};

/** One event row as the query returns it: every field text or number, on both drivers. */
type EventRow = {
  pos: number | string;
  at_key: string;
  rank: number;
  id: string;
  type: HistoryEventType;
  subtype: string | null;
  title: string | null;
  session_at: string | null;
  status: string | null;
  actor: string | null;
  amount_cents: number | string | null;
  currency: string | null;
  method: string | null;
  note: string | null;
  what: string | null;
  plan_name: string | null;
  starts_at: string | null;
  ends_at: string | null;
};

type Person = { id: string; name: string; email: string | null };
type Cursor = { pos: number; atKey: string; rank: number; id: string };

/** A timestamp as exact UTC text (microseconds kept, so keyset cursors never skip or repeat a row). */
const utcText = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);

function instant(text: string): Date {
  // "2026-03-02T09:00:00.123456Z": Date keeps milliseconds.
  return new Date(`${text.slice(0, 23)}Z`);
}

/**
 * R7: the payment and registration history of one client or a selection (up
 * to 1,000) as a CSV stream, owners only (docs/rules.md "staff": exports are the
 * owner's). Every id must be a client of this studio, else nothing is
 * exported and it is "not found" (another studio's ids look the same as
 * missing ones). Rows: one per event — a booking made, a booking cancelled, a
 * payment (paid or due), a refund, a membership started or cancelled — grouped
 * by client (clients in name order) and in time order within each client,
 * times in the studio's zone. Amounts are positive decimals; a refund is its
 * own row typed "refund". Read in keyset batches of separate short queries, so
 * a long history never sits in memory and no cursor holds the connection.
 * The checks run before the stream is returned, so a refusal is an error, not
 * a broken download.
 * The batches run after this returns, while the response is sent: `ctx.db`
 * must be the database itself, not a transaction that will have ended by then.
 */
export async function exportHistoryCsv(ctx: Ctx, raw: ExportHistoryInput): Promise<ReadableStream<Uint8Array>> {
  requirePermission(ctx, "exports");
  const input = parseInput(ExportHistoryInput, raw);
  const ids = [...new Set(input.clientIds.map((id) => id.toLowerCase()))];
  if (ids.some((id) => !isUuid(id))) throw new NotFoundError("Client");
  const people = await ctx.db
    .select({ id: clients.id, name: clients.name, email: clients.email })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), inArray(clients.id, ids)))
    .orderBy(asc(sql`lower(${clients.name})`), asc(clients.id));
  if (people.length !== ids.length) throw new NotFoundError("Client");

  const header = [
    "Client",
    "Email",
    `Date and time (${ctx.studio.timezone})`,
    "Type",
    "Description",
    "Amount",
    "Currency",
    "Status",
    "Membership",
  ];
  return csvStream(header, historyBatches(ctx, people));
}

async function* historyBatches(ctx: Ctx, people: Person[]): AsyncGenerator<CsvCell[][]> {
  for (let start = 0; start < people.length; start += CLIENTS_PER_WALK) {
    const walk = people.slice(start, start + CLIENTS_PER_WALK);
    let cursor: Cursor | null = null;
    for (;;) {
      const rows = await eventsPage(ctx, walk, cursor);
      if (rows.length) yield rows.map((r) => toCells(ctx, walk[Number(r.pos) - 1]!, r));
      if (rows.length < BATCH_ROWS) break;
      const last = rows[rows.length - 1]!;
      cursor = { pos: Number(last.pos), atKey: last.at_key, rank: Number(last.rank), id: last.id };
    }
  }
}

/** One batch of events of `walk`'s clients after `cursor`, ordered by (client, time, kind, id). */
async function eventsPage(ctx: Ctx, walk: Person[], cursor: Cursor | null): Promise<EventRow[]> {
  // Ids were checked as UUIDs and found in this studio: safe inside an array literal, one parameter.
  const idArray = `{${walk.map((p) => p.id).join(",")}}`;
  const studio = ctx.studio.id;
  const now = at(ctx.now);
  const m = alias(memberships, "m");
  const after = cursor
    ? sql`where (ev.pos, ev.at, ev.rank, ev.id) > (${cursor.pos}::bigint, ${cursor.atKey}::timestamptz, ${cursor.rank}::int, ${cursor.id}::text)`
    : sql``;

  const result = await ctx.db.execute(sql`
    with sel as (
      select s.client_id, s.pos from unnest(${idArray}::uuid[]) with ordinality as s(client_id, pos)
    ),
    ev as (
      -- A booking made (R7 "registration"); its status is where it stands now (B3).
      select sel.pos, b.created_at as at, 1 as rank, b.id::text as id, 'booking' as type, null::text as subtype,
             c.title, cs.starts_at as session_at,
             case when b.status = 'booked' and cs.ends_at <= ${now} then 'attended' else b.status::text end as status,
             b.booked_by::text as actor, null::int as amount_cents, null::text as currency, null::text as method,
             null::text as note, null::text as what, p.name as plan_name, null::timestamptz as starts_at, null::timestamptz as ends_at
        from bookings b
        join sel on sel.client_id = b.client_id
        join class_sessions cs on cs.studio_id = b.studio_id and cs.id = b.session_id
        join classes c on c.studio_id = cs.studio_id and c.id = cs.class_id
        left join memberships bm on bm.studio_id = b.studio_id and bm.id = b.membership_id
        left join membership_plans p on p.studio_id = bm.studio_id and p.id = bm.plan_id
       where b.studio_id = ${studio}
      union all
      -- The same booking cancelled, at the moment it was cancelled.
      select sel.pos, b.cancelled_at, 2, b.id::text, 'cancellation', 'booking',
             c.title, cs.starts_at, 'cancelled', b.cancelled_by::text, null, null, null,
             null, null, p.name, null, null
        from bookings b
        join sel on sel.client_id = b.client_id
        join class_sessions cs on cs.studio_id = b.studio_id and cs.id = b.session_id
        join classes c on c.studio_id = cs.studio_id and c.id = cs.class_id
        left join memberships bm on bm.studio_id = b.studio_id and bm.id = b.membership_id
        left join membership_plans p on p.studio_id = bm.studio_id and p.id = bm.plan_id
       where b.studio_id = ${studio} and b.status = 'cancelled'
      union all
      -- A payment: when it was paid, or when it fell due.
      select sel.pos, coalesce(py.paid_at, py.created_at), 3, py.id::text, 'payment', null,
             c.title, cs.starts_at, py.status::text, null, py.amount_cents, py.currency, py.method::text,
             null, py.description, p.name, null, null
        from payments py
        join sel on sel.client_id = py.client_id
        left join memberships pm on pm.studio_id = py.studio_id and pm.id = py.membership_id
        left join membership_plans p on p.studio_id = pm.studio_id and p.id = pm.plan_id
        left join bookings b on b.studio_id = py.studio_id and b.id = py.booking_id
        left join class_sessions cs on cs.studio_id = b.studio_id and cs.id = b.session_id
        left join classes c on c.studio_id = cs.studio_id and c.id = cs.class_id
       where py.studio_id = ${studio}
      union all
      -- A refund of a payment (R1: lifetime spend subtracts it).
      select sel.pos, r.created_at, 4, r.id::text, 'refund', null,
             c.title, cs.starts_at, 'refunded', null, r.amount_cents, py.currency, py.method::text,
             r.reason, py.description, p.name, null, null
        from refunds r
        join payments py on py.studio_id = r.studio_id and py.id = r.payment_id
        join sel on sel.client_id = py.client_id
        left join memberships pm on pm.studio_id = py.studio_id and pm.id = py.membership_id
        left join membership_plans p on p.studio_id = pm.studio_id and p.id = pm.plan_id
        left join bookings b on b.studio_id = py.studio_id and b.id = py.booking_id
        left join class_sessions cs on cs.studio_id = b.studio_id and cs.id = b.session_id
        left join classes c on c.studio_id = cs.studio_id and c.id = cs.class_id
       where r.studio_id = ${studio}
      union all
      -- A membership of the client's own, registered; its status is the effective one now (M4).
      select sel.pos, ${m.createdAt}, 0, ${m.id}::text, 'membership', null,
             null, null, ${effectiveStatusSql(ctx.now, m)}, null, null, null, null,
             null, null, p.name, ${m.startsAt}, ${m.endsAt}
        from memberships m
        join sel on sel.client_id = ${m.clientId}
        join membership_plans p on p.studio_id = ${m.studioId} and p.id = ${m.planId}
       where ${m.studioId} = ${studio}
      union all
      -- The same membership cancelled (M8: the client and its history stay).
      select sel.pos, ${m.cancelledAt}, 5, ${m.id}::text, 'cancellation', 'membership',
             null, null, 'cancelled', null, null, null, null,
             null, null, p.name, ${m.startsAt}, ${m.endsAt}
        from memberships m
        join sel on sel.client_id = ${m.clientId}
        join membership_plans p on p.studio_id = ${m.studioId} and p.id = ${m.planId}
       where ${m.studioId} = ${studio} and ${m.cancelledAt} is not null
    )
    select ev.pos, ${utcText("ev.at")} as at_key, ev.rank, ev.id, ev.type, ev.subtype, ev.title,
           ${utcText("ev.session_at")} as session_at, ev.status, ev.actor, ev.amount_cents, ev.currency,
           ev.method, ev.note, ev.what, ev.plan_name, ${utcText("ev.starts_at")} as starts_at, ${utcText("ev.ends_at")} as ends_at
      from ev
      ${after}
     order by ev.pos, ev.at, ev.rank, ev.id
     limit ${BATCH_ROWS}`);
  return rowsOf<EventRow>(result);
}

function when(d: Date, tz: string): string {
  return `${dayInZone(d, tz)} ${formatTime(d, tz)}`;
}

/** "Vinyasa, 2026-03-10 18:30": a class session as people name it. */
function sessionLabel(r: EventRow, tz: string): string | null {
  if (!r.title) return null;
  return r.session_at ? `${r.title}, ${when(instant(r.session_at), tz)}` : r.title;
}

/** What a payment was for: the class session for a drop-in, else its own description, else the plan, else "Payment". */
function paymentSubject(r: EventRow, tz: string): string {
  const session = sessionLabel(r, tz);
  return session ? `Drop-in: ${session}` : (r.what ?? r.plan_name ?? "Payment");
}

function describe(r: EventRow, tz: string): string {
  const method = r.method ? (METHOD_LABEL[r.method] ?? r.method) : null;
  switch (r.type) {
    case "booking":
      return `${sessionLabel(r, tz)} (booked by ${r.actor ?? "staff"})`;
    case "cancellation":
      if (r.subtype === "membership") return `${r.plan_name} cancelled`;
      return `${sessionLabel(r, tz)} (cancelled by ${r.actor ?? "staff"})`;
    case "payment":
      return method ? `${paymentSubject(r, tz)}, paid by ${method}` : `${paymentSubject(r, tz)}, to be paid`;
    case "refund": {
      const base = `Refund of ${paymentSubject(r, tz)}${method ? `, paid by ${method}` : ""}`;
      return r.note ? `${base}: ${r.note}` : base;
    }
    case "membership": {
      const from = r.starts_at ? dayInZone(instant(r.starts_at), tz) : "";
      const until = r.ends_at ? ` until ${dayInZone(lastDayOf(instant(r.ends_at)), tz)}` : "";
      return `${r.plan_name}, from ${from}${until}`;
    }
  }
}

const STATUS_LABEL: Record<string, string> = { no_show: "no-show", past_due: "past due" };

function toCells(ctx: Ctx, person: Person, r: EventRow): CsvCell[] {
  const tz = ctx.studio.timezone;
  const amount = r.amount_cents === null ? null : csvMoney(Number(r.amount_cents));
  return [
    person.name,
    person.email,
    when(instant(r.at_key), tz),
    r.type,
    describe(r, tz),
    amount,
    r.currency,
    r.status === null ? null : (STATUS_LABEL[r.status] ?? r.status),
    r.plan_name,
  ];
}
