import { describe, expect, it } from "vitest";
import { and, eq, ne, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { bookings, classSessions, clients, membershipLedger, memberships, payments, studios } from "@/db/schema";
import { rowsOf } from "@/lib/core/sql";
import { clientStatus } from "@/lib/crm/client-stats";
import { DEMO, seedDemoIfEmpty } from "./seed";

describe("demo data", () => {
  it("fills an empty database once, through the domain verbs, with balanced ledgers", async () => {
    const db = await getDb();
    expect(await seedDemoIfEmpty(db)).toEqual(DEMO);
    expect(await seedDemoIfEmpty(db)).toBeNull();
    const [studio] = await db.select().from(studios).where(eq(studios.slug, DEMO.slug));
    const [{ n }] = (await db
      .select({ n: sql<number>`count(*)::int` })
      .from(clients)
      .where(eq(clients.studioId, studio!.id))) as [{ n: number }];
    expect(n).toBe(201); // 200 people and one child in a household (H1)
    const unbalanced = await db.execute(sql`
      select m.id from ${memberships} m
      left join ${membershipLedger} l on l.studio_id = m.studio_id and l.membership_id = m.id
      where m.sessions_remaining is not null
      group by m.id, m.sessions_remaining having coalesce(sum(l.delta), 0) <> m.sessions_remaining`);
    expect(rowsOf(unbalanced)).toHaveLength(0);
    const [{ sessions, booked }] = (await db
      .select({
        sessions: sql<number>`count(*)::int`,
        booked: sql<number>`coalesce(sum(${classSessions.bookedCount}), 0)::int`,
      })
      .from(classSessions)
      .where(eq(classSessions.studioId, studio!.id))) as [{ sessions: number; booked: number }];
    expect(sessions).toBeGreaterThanOrEqual(15);
    expect(booked).toBeGreaterThan(0);
    const [{ live }] = (await db
      .select({ live: sql<number>`count(*)::int` })
      .from(bookings)
      .where(and(eq(bookings.studioId, studio!.id), ne(bookings.status, "cancelled")))) as [{ live: number }];
    expect(live).toBe(booked); // B1: the place counts equal the live bookings (a no-show keeps its place)
  }, 180_000);

  it("R1, R2: the demo's clients have histories in every status, and their counters match a recount", async () => {
    const db = await getDb();
    await seedDemoIfEmpty(db);
    const [studio] = await db.select().from(studios).where(eq(studios.slug, DEMO.slug));
    const rows = await db.select().from(clients).where(eq(clients.studioId, studio!.id));
    const now = new Date();
    const statuses = new Set(rows.map((c) => clientStatus(c, now)));
    expect([...statuses].sort()).toEqual(["active", "lapsed", "new", "regular"]);
    expect(rows.some((c) => c.lifetimeSpendCents > 0)).toBe(true);
    const recount = await db.execute(sql`
      select c.id from ${clients} c
      where c.studio_id = ${studio!.id}::uuid
        and c.total_bookings <> (select count(*) from ${bookings} b where b.studio_id = c.studio_id and b.client_id = c.id and b.status <> 'cancelled')`);
    expect(rowsOf(recount)).toHaveLength(0);
  });

  it("B9: the demo studio charges a no-show fee, and one no-show owes it", async () => {
    const db = await getDb();
    await seedDemoIfEmpty(db);
    const [studio] = await db.select().from(studios).where(eq(studios.slug, DEMO.slug));
    expect(studio!.settings.noShowPolicy).toEqual({ kind: "fee", feeCents: 3000 });
    const fees = await db
      .select()
      .from(payments)
      .where(and(eq(payments.studioId, studio!.id), eq(payments.fee, "no_show")));
    expect(fees.map((f) => [f.status, f.amountCents, f.currency])).toEqual([["due", 3000, "PLN"]]);
  });
});
