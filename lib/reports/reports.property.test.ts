import fc from "fast-check";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import {
  bookings,
  classes,
  classSessions,
  clients,
  companies,
  companyClients,
  membershipPlans,
  memberships,
  payments,
  refunds,
} from "@/db/schema";
import { listClients } from "@/lib/crm/list-clients";
import { makeStudio } from "@/test/support/fixtures";
import { testDatabaseMode } from "@/test/support/test-database";
import {
  activeMembersByMonth,
  AT_RISK_DAYS,
  ENDING_WITHIN_DAYS,
  getReportSummary,
  LOW_SESSIONS,
  type Figure,
} from "./index";

/**
 * R9 "figures agree with a recount from the raw tables": random histories
 * (memberships held by clients or a company, cancelled or run out, payments
 * and refunds on either side of the period's edges, sessions cancelled or not,
 * bookings kept, cancelled or missed, an erased client), written straight into
 * the tables, and every figure of the summary recounted here in plain
 * TypeScript from the same rows. The period is October 2026 in Warsaw (DST
 * ends inside it); the clock falls anywhere from its start to a month after.
 * Reproduce with PROPERTY_SEED=<seed> (test/support/property-seed.ts).
 */
const RUNS = Number(process.env.REPORTS_RUNS ?? (testDatabaseMode() === "postgres" ? 12 : 8));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BASE = Date.parse("2026-08-01T00:00:00Z");
const START = Date.parse("2026-09-30T22:00:00Z");
const END = Date.parse("2026-10-31T23:00:00Z");
const CLIENTS = 5;

const hourArb = fc.integer({ min: 0, max: 130 * 24 });
const history = fc.record({
  nowHours: fc.integer({ min: 0, max: 60 * 24 }),
  erased: fc.boolean(),
  companyLinksClient3: fc.boolean(),
  memberships: fc.array(
    fc.record({
      holder: fc.integer({ min: 0, max: CLIENTS }), // CLIENTS = the company
      plan: fc.integer({ min: 0, max: 2 }), // monthly, yearly, pack
      start: hourArb,
      duration: fc.option(fc.integer({ min: 1, max: 90 * 24 }), { nil: null }),
      cancelAfter: fc.option(fc.integer({ min: -24, max: 60 * 24 }), { nil: null }),
      remaining: fc.integer({ min: 0, max: 5 }),
    }),
    { maxLength: 6 },
  ),
  sessions: fc.array(fc.record({ start: hourArb, capacity: fc.integer({ min: 1, max: 3 }), cancelled: fc.boolean() }), {
    maxLength: 6,
  }),
  bookings: fc.array(
    fc.record({
      client: fc.integer({ min: 0, max: CLIENTS - 1 }),
      session: fc.nat(),
      status: fc.constantFrom("booked", "booked", "cancelled", "no_show" as const),
    }),
    { maxLength: 12 },
  ),
  payments: fc.array(
    fc.record({
      client: fc.integer({ min: 0, max: CLIENTS - 1 }),
      link: fc.constantFrom("membership", "booking", "none"),
      target: fc.nat(),
      hundreds: fc.integer({ min: 1, max: 20 }),
      due: fc.boolean(),
      paidAt: hourArb,
      refund: fc.option(
        fc.record({ part: fc.integer({ min: 1, max: 12 }), after: fc.integer({ min: 1, max: 40 * 24 }) }),
        {
          nil: null,
        },
      ),
    }),
    { maxLength: 8 },
  ),
});
type History = typeof history extends fc.Arbitrary<infer T> ? T : never;

const share = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

async function check(h: History): Promise<void> {
  const s = await makeStudio({ timezone: "Europe/Warsaw" });
  const db = await getDb();
  const studioId = s.studio.id;
  const now = START + h.nowHours * HOUR;
  const asOf = Math.min(now, END);

  const clientIds: string[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const erased = h.erased && i === 4;
    const [c] = await db
      .insert(clients)
      .values({ studioId, name: `C${i}`, source: "staff", erasedAt: erased ? new Date(START) : null })
      .returning();
    clientIds.push(c!.id);
  }
  const erased = new Set(h.erased ? [clientIds[4]] : []);
  const [company] = await db.insert(companies).values({ studioId, name: "Co" }).returning();
  const companyClientIds = h.companyLinksClient3 ? [clientIds[3]!] : [];
  for (const id of companyClientIds)
    await db.insert(companyClients).values({ studioId, companyId: company!.id, clientId: id });

  const plans = [];
  for (const [kind, interval] of [
    ["recurring", "month"],
    ["recurring", "year"],
    ["sessions", null],
  ] as const) {
    const [p] = await db
      .insert(membershipPlans)
      .values({
        studioId,
        name: `${kind} ${interval}`,
        kind,
        interval,
        priceCents: 1200,
        currency: "EUR",
        sessions: kind === "sessions" ? 5 : null,
        durationDays: kind === "sessions" ? 90 : null,
      })
      .returning();
    plans.push(p!);
  }

  type M = {
    id: string;
    holders: string[];
    plan: number;
    start: number;
    end: number | null;
    cancelledAt: number | null;
    status: string;
    remaining: number | null;
  };
  const ms: M[] = [];
  for (const [i, m] of h.memberships.entries()) {
    const start = BASE + m.start * HOUR + i * 60_000; // distinct starts (M10's unique key)
    const end = m.duration === null ? (m.plan === 2 ? start + 60 * DAY : null) : start + m.duration * HOUR;
    const cancelledAt = m.cancelAfter === null ? null : start + m.cancelAfter * HOUR;
    const status =
      cancelledAt !== null ? "cancelled" : end !== null && end <= now && m.start % 2 === 0 ? "expired" : "active";
    const own = m.holder < CLIENTS;
    const [row] = await db
      .insert(memberships)
      .values({
        studioId,
        source: "staff",
        planId: plans[m.plan]!.id,
        clientId: own ? clientIds[m.holder]! : null,
        companyId: own ? null : company!.id,
        startsAt: new Date(start),
        endsAt: end === null ? null : new Date(end),
        cancelledAt: cancelledAt === null ? null : new Date(cancelledAt),
        status: status as "active",
        sessionsTotal: m.plan === 2 ? 5 : null,
        sessionsRemaining: m.plan === 2 ? m.remaining : null,
      })
      .returning();
    const holders = (own ? [clientIds[m.holder]!] : companyClientIds).filter((c) => !erased.has(c));
    ms.push({
      id: row!.id,
      holders,
      plan: m.plan,
      start,
      end,
      cancelledAt,
      status,
      remaining: m.plan === 2 ? m.remaining : null,
    });
  }

  const [cls] = await db.insert(classes).values({ studioId, title: "C", capacity: 3, durationMinutes: 60 }).returning();
  type S = { id: string; start: number; end: number; capacity: number; cancelled: boolean };
  const ss: S[] = [];
  for (const [i, x] of h.sessions.entries()) {
    const start = BASE + x.start * HOUR + i * 60_000;
    const [row] = await db
      .insert(classSessions)
      .values({
        studioId,
        classId: cls!.id,
        startsAt: new Date(start),
        endsAt: new Date(start + HOUR),
        capacity: x.capacity,
        cancelledAt: x.cancelled ? new Date(start) : null,
      })
      .returning();
    ss.push({ id: row!.id, start, end: start + HOUR, capacity: x.capacity, cancelled: x.cancelled });
  }
  type B = { id: string; client: string; session: S; status: string };
  const bs: B[] = [];
  if (ss.length) {
    for (const b of h.bookings) {
      const session = ss[b.session % ss.length]!;
      const live = bs.filter((o) => o.session === session && o.status !== "cancelled");
      if (
        b.status !== "cancelled" &&
        (live.length >= session.capacity || live.some((o) => o.client === clientIds[b.client]))
      )
        continue;
      const made = new Date(session.start - DAY);
      const [row] = await db
        .insert(bookings)
        .values({
          studioId,
          sessionId: session.id,
          clientId: clientIds[b.client]!,
          status: b.status,
          bookedBy: "staff",
          createdAt: made,
          cancelledAt: b.status === "cancelled" ? made : null,
        })
        .returning();
      bs.push({ id: row!.id, client: clientIds[b.client]!, session, status: b.status });
    }
    // B1: each session's booked_count equals its live bookings, as bookSession and cancelBooking keep it.
    for (const session of ss) {
      const live = bs.filter((o) => o.session === session && o.status !== "cancelled").length;
      await db.update(classSessions).set({ bookedCount: live }).where(eq(classSessions.id, session.id));
    }
  }

  type P = {
    client: string;
    cents: number;
    refunded: number;
    paidAt: number | null;
    due: boolean;
    source: string;
    recurring: number | null;
    refundAt: number | null;
  };
  const ps: P[] = [];
  for (const [i, p] of h.payments.entries()) {
    const m = p.link === "membership" && ms.length ? ms[p.target % ms.length]! : null;
    const b = p.link === "booking" && bs.length ? bs[p.target % bs.length]! : null;
    const cents = p.hundreds * 1200;
    const paidAt = p.due ? null : BASE + p.paidAt * HOUR + i * 60_000;
    const refunded = !p.due && p.refund ? Math.min(cents, p.refund.part * 100) : 0;
    const refundAt = refunded && paidAt !== null ? paidAt + p.refund!.after * HOUR : null;
    const [row] = await db
      .insert(payments)
      .values({
        studioId,
        clientId: clientIds[p.client]!,
        membershipId: m?.id ?? null,
        bookingId: b?.id ?? null,
        amountCents: cents,
        currency: "EUR",
        status: p.due ? "due" : "paid",
        method: p.due ? null : "cash",
        paidAt: paidAt === null ? null : new Date(paidAt),
        refundedCents: refunded,
        createdByActorType: "system",
      })
      .returning();
    if (refundAt !== null)
      await db.insert(refunds).values({
        studioId,
        paymentId: row!.id,
        amountCents: refunded,
        createdByActorType: "system",
        createdAt: new Date(refundAt),
      });
    ps.push({
      client: clientIds[p.client]!,
      cents,
      refunded,
      paidAt,
      due: p.due,
      source: m ? "memberships" : b ? "dropIns" : "other",
      recurring: m && m.plan < 2 ? (m.plan === 0 ? 1 : 1 / 12) : null,
      refundAt,
    });
  }

  // The recount, rule by rule (docs/rules.md R9).
  const live = (m: M, t: number) =>
    m.start <= t && (m.end === null || m.end > t) && (m.cancelledAt === null || m.cancelledAt > t);
  const people = (list: M[]) => new Set(list.flatMap((m) => m.holders));
  const inPeriod = (t: number | null) => t !== null && t >= START && t < END;
  const liveAtStart = ms.filter((m) => live(m, START));
  const churned = liveAtStart.filter((m) => m.cancelledAt !== null && m.cancelledAt < END);
  const settled = ps.filter((p) => !p.due && inPeriod(p.paidAt));
  const bySource = (src: string) => settled.filter((p) => p.source === src).reduce((a, p) => a + p.cents, 0);
  const refundsIn = 0 - ps.filter((p) => inPeriod(p.refundAt)).reduce((a, p) => a + p.refunded, 0);
  const latest = new Map<string, P>();
  for (const p of settled.filter((x) => x.recurring !== null))
    if (!latest.has(p.client) || latest.get(p.client)!.paidAt! < p.paidAt!) latest.set(p.client, p);
  const ran = ss.filter((x) => !x.cancelled && x.start >= START && x.start < END && x.end <= now);
  const held = bs.filter((b) => ran.includes(b.session) && b.status !== "cancelled");
  const kept = held.filter((b) => b.status === "booked");
  const soon = now + ENDING_WITHIN_DAYS * DAY;
  const ending = ms.filter(
    (m) =>
      live(m, now) &&
      m.status === "active" &&
      ((m.end !== null && m.end <= soon) || (m.remaining !== null && m.remaining <= LOW_SESSIONS)),
  );
  const membersNow = people(ms.filter((m) => live(m, now)));
  const atRisk = clientIds.filter((c) => {
    if (erased.has(c)) return false;
    const visits = bs.filter(
      (b) => b.client === c && b.status === "booked" && !b.session.cancelled && b.session.end <= now,
    );
    if (!visits.length) return false;
    const last = Math.max(...visits.map((b) => b.session.start));
    const ahead = bs.some(
      (b) => b.client === c && b.status === "booked" && !b.session.cancelled && b.session.start > now,
    );
    return last <= now - AT_RISK_DAYS * DAY && (last > now - 90 * DAY || membersNow.has(c)) && !ahead;
  });

  const expected = {
    period: { from: "2026-10-01", to: "2026-10-31" },
    activeMembers: people(ms.filter((m) => live(m, asOf))).size,
    newMemberships: ms.filter((m) => inPeriod(m.start)).length,
    cancelledMemberships: ms.filter((m) => inPeriod(m.cancelledAt)).length,
    churnRate: share(churned.length, liveAtStart.length),
    mrrCents: Math.round([...latest.values()].reduce((a, p) => a + (p.cents - p.refunded) * p.recurring!, 0)),
    revenueCents: bySource("memberships") + bySource("dropIns") + bySource("other") + refundsIn,
    revenueBySource: {
      memberships: bySource("memberships"),
      dropIns: bySource("dropIns"),
      other: bySource("other"),
      refunds: refundsIn,
    },
    attendance: kept.length,
    fillRate: share(
      held.length,
      ran.reduce((a, x) => a + x.capacity, 0),
    ),
    paymentsDueCents: ps.filter((p) => p.due).reduce((a, p) => a + p.cents, 0),
    endingSoon: people(ending).size,
    atRisk: atRisk.length,
    asOf: new Date(now).toISOString(), // the first read computes the snapshot, of now
  };
  const ctx = await s.owner(new Date(now));
  const got = await getReportSummary(ctx, { from: "2026-10-01", to: "2026-10-31" });
  expect(got).toEqual(expected);

  const listed = async (figure: Figure) =>
    new Set(
      (await listClients(ctx, { figure, from: "2026-10-01", to: "2026-10-31", limit: 200 })).data.map((c) => c.id),
    );
  expect(await listed("activeMembers")).toEqual(people(ms.filter((m) => live(m, asOf))));
  expect(await listed("atRisk")).toEqual(new Set(atRisk));
  expect(await listed("attendance")).toEqual(new Set(kept.map((b) => b.client).filter((c) => !erased.has(c))));
  expect(await listed("endingSoon")).toEqual(people(ending));

  // Active members by month (one pass over the memberships): at each month's end in Warsaw, or now if earlier.
  const monthEnds = [Date.parse("2026-08-31T22:00:00Z"), START, END, Date.parse("2026-11-30T23:00:00Z")];
  expect(await activeMembersByMonth(ctx, { from: "2026-08-01", to: "2026-11-30" })).toEqual(
    ["2026-08", "2026-09", "2026-10", "2026-11"].map((month, i) => ({
      month,
      activeMembers: people(ms.filter((m) => live(m, Math.min(monthEnds[i]!, now)))).size,
    })),
  );
}

describe("R9: report figures equal their recount after random histories", () => {
  it("R9: every figure of the summary, and the people of four, match a recount from the rows", async () => {
    await fc.assert(fc.asyncProperty(history, check), { numRuns: RUNS, endOnFailure: true });
  }, 300_000);
});
