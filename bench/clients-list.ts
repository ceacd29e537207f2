/**
 * Measure 2 of the benchmark (issue 8), built with the CRM (issue 5): the
 * clients list at 100,000 clients and a million bookings.
 *
 * It also records the design choice R1 rests on: every sort and filter served
 * from maintained counters (what the app does), against the same page computed
 * by aggregating bookings and payments at read time (the alternative).
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { clients, companies, membershipPlans, staff, studios } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { rowsOf } from "@/lib/core/sql";
import { CLIENT_SORT_KEYS, listClients, type ListClientsInput } from "@/lib/crm/list-clients";
import { ms, printTable, sample, tail, type Sample } from "./stats";
import type { GeneratedStudio } from "./generate";

export type ListResult = { name: string; counters: Sample; aggregate?: Sample; ratio?: number };

export const LIST_TARGET_P99_MS = 50;

/** The owner's context; `now` is the generated data's anchor, so "new" and "lapsed" select the same clients every run. */
async function ownerCtx(db: Db, studioId: string, now: Date): Promise<Ctx> {
  const [studio] = await db.select().from(studios).where(eq(studios.id, studioId));
  const [owner] = await db.select().from(staff).where(eq(staff.studioId, studioId));
  return { db, studio: studio!, actor: { kind: "staff", userId: owner!.userId, role: "owner" }, now };
}

/** The R1 columns computed at read time, for comparison only: what the counters replace. */
function aggregatePage(studioId: string, order: "spend" | "bookings" | "last") {
  const orderBy = { spend: sql`spend desc`, bookings: sql`total desc`, last: sql`last_at desc nulls last` }[order];
  return sql`
    select c.id, c.name, coalesce(b.total, 0) as total, b.last_at, coalesce(p.spend, 0) as spend
      from clients c
      left join (select client_id, count(*) as total, max(created_at) as last_at from bookings
                  where studio_id = ${studioId}::uuid and status <> 'cancelled' group by client_id) b on b.client_id = c.id
      left join (select client_id, sum(amount_cents - refunded_cents) as spend from payments
                  where studio_id = ${studioId}::uuid and status = 'paid' group by client_id) p on p.client_id = c.id
     where c.studio_id = ${studioId}::uuid and c.erased_at is null
     order by ${orderBy}, c.id desc
     limit 50`;
}

export async function benchClientsList(db: Db, largest: GeneratedStudio, iterations = 200): Promise<ListResult[]> {
  const ctx = await ownerCtx(db, largest.id, largest.anchor);
  const [plan] = await db.select().from(membershipPlans).where(eq(membershipPlans.studioId, largest.id));
  const [company] = await db.select().from(companies).where(eq(companies.studioId, largest.id));
  const [someone] = rowsOf<{ name: string; email: string }>(
    await db.execute(
      sql`select name, email from ${clients} where studio_id = ${largest.id}::uuid order by id limit 1 offset ${Math.min(4321, largest.clients - 1)}`,
    ),
  );

  // What the dashboard asks: page one with the total, 50 rows.
  const cases: [string, ListClientsInput][] = [];
  for (const key of CLIENT_SORT_KEYS) {
    cases.push([`sort ${key}`, { sort: key }], [`sort -${key}`, { sort: `-${key}` }]);
  }
  for (const status of ["new", "active", "regular", "lapsed"] as const) cases.push([`status ${status}`, { status }]);
  cases.push(
    ["growing", { growing: true }],
    ["tag vip", { tag: "vip" }],
    ["plan", { planId: plan!.id }],
    ["search name", { q: someone!.name.split(" ").slice(0, 2).join(" ") }],
    ["search email", { q: someone!.email.slice(0, 12) }],
    ["search phone", { q: "600 004" }],
    ["status regular, sort -spend", { status: "regular", sort: "-lifetimeSpend" }],
    ["page 200 by name", { sort: "name", page: 200 }],
  );
  if (company) cases.push(["company", { companyId: company.id }]);

  const results: ListResult[] = [];
  for (const [name, input] of cases) {
    const counters = await sample(() => listClients(ctx, { ...input, limit: 50, withTotal: true }), iterations);
    results.push({ name, counters });
  }
  // The alternative design: the same first page computed from bookings and payments at read time.
  for (const [name, order] of [
    ["sort -lifetimeSpend", "spend"],
    ["sort -totalBookings", "bookings"],
    ["sort -lastBookingAt", "last"],
  ] as const) {
    const aggregate = await sample(
      () => db.execute(aggregatePage(largest.id, order)),
      Math.max(5, Math.floor(iterations / 3)),
      1,
    );
    const row = results.find((r) => r.name === name)!;
    row.aggregate = aggregate;
    row.ratio = aggregate.p50 / row.counters.p50;
  }

  printTable(
    `Clients list at ${largest.clients.toLocaleString("en")} clients / ${largest.bookings.toLocaleString("en")} bookings (page of 50 with total, ${iterations} samples a case; target p99 < ${LIST_TARGET_P99_MS} ms)`,
    ["case", "p50", "tail", "target", "aggregate p50", "aggregate ÷ counters"],
    results.map((r) => [
      r.name,
      ms(r.counters.p50),
      `${tail(r.counters).label} ${ms(tail(r.counters).value)}`,
      tail(r.counters).value < LIST_TARGET_P99_MS ? "pass" : "short",
      r.aggregate ? ms(r.aggregate.p50) : "",
      r.ratio ? `${r.ratio.toFixed(1)}×` : "",
    ]),
  );
  return results;
}
