import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { clients, payments } from "@/db/schema";
import { bookSession } from "@/lib/bookings/book-session";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import type { Ctx } from "@/lib/core/ctx";
import { markPaymentPaid, recordPayment, refundPayment } from "@/lib/payments/payments";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient } from "@/test/support/membership-fixtures";
import { rowsOf } from "@/lib/core/sql";
import { testDatabaseMode } from "@/test/support/test-database";
import { aggregateStatsSql, clientStatus, getClientStats, LAPSED_AFTER_DAYS } from "./client-stats";
import { listClients } from "./list-clients";

const T0 = new Date("2026-03-02T09:00:00Z");
const DAY = 86_400_000;
const at = (days: number, base = T0) => new Date(base.getTime() + days * DAY);

/** The maintained counters of every client of the studio against a recomputation from bookings and payments. */
async function expectCountersExact(db: Db, studioId: string) {
  const expected = rowsOf<Record<string, unknown>>(await db.execute(aggregateStatsSql(studioId)));
  const rows = await db.select().from(clients).where(eq(clients.studioId, studioId));
  const byId = new Map(rows.map((c) => [c.id, c]));
  const ts = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).getTime());
  for (const e of expected) {
    const c = byId.get(e.id as string)!;
    expect({
      total: c.totalBookings,
      spend: c.lifetimeSpendCents,
      first: c.firstBookingAt?.getTime() ?? null,
      last: c.lastBookingAt?.getTime() ?? null,
    }).toEqual({
      total: Number(e.total_bookings),
      spend: Number(e.lifetime_spend_cents),
      first: ts(e.first_booking_at),
      last: ts(e.last_booking_at),
    });
  }
  return rows.length;
}

async function bookAt(owner: Ctx, s: Awaited<ReturnType<typeof makeStudio>>, clientId: string, when: Date) {
  const ctx = await s.owner(when);
  const { session } = await makeSession(owner, { startsAt: at(1, when), dropInPriceCents: 0 });
  return bookSession(ctx, { sessionId: session.id, clientId });
}

describe("R1: per-client stats kept by the database", () => {
  it("R1: counts bookings not cancelled; spend is paid payments minus refunds; a kept payment of a cancelled booking still counts", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const maja = await makeClient(owner, "Maja");

    // Two drop-ins (payments due), one paid later; a membership payment paid and partly refunded; one due payment.
    const { session: a } = await makeSession(owner, { startsAt: at(3), dropInPriceCents: 2500 });
    const { session: b } = await makeSession(owner, { startsAt: at(4), dropInPriceCents: 3000 });
    const first = await bookSession(await s.owner(at(0)), { sessionId: a.id, clientId: maja.id });
    const second = await bookSession(await s.owner(at(1)), { sessionId: b.id, clientId: maja.id });
    const [dropIn] = await owner.db
      .select()
      .from(payments)
      .where(and(eq(payments.studioId, s.studio.id), eq(payments.bookingId, first.booking.id)));
    await markPaymentPaid(owner, dropIn!.id, { method: "cash" });
    const paid = await recordPayment(owner, { clientId: maja.id, amountCents: 10_000, method: "card_terminal" });
    await refundPayment(owner, paid.id, { amountCents: 1_500 });
    await recordPayment(owner, { clientId: maja.id, amountCents: 7_000, method: null });

    let stats = await getClientStats(owner, maja.id);
    expect(stats).toMatchObject({ totalBookings: 2, lifetimeSpendCents: 2_500 + 10_000 - 1_500 });
    expect(stats.firstBookingAt).toEqual(at(0));
    expect(stats.lastBookingAt).toEqual(at(1));

    // The paid drop-in is cancelled and the studio keeps the money: one booking fewer, same spend.
    await cancelBooking(await s.owner(at(2)), first.booking.id, { by: "staff" });
    stats = await getClientStats(owner, maja.id);
    expect(stats).toMatchObject({ totalBookings: 1, lifetimeSpendCents: 11_000 });
    expect(stats.firstBookingAt).toEqual(at(1));
    expect(stats.lastBookingAt).toEqual(at(1));

    // Cancelling the last one leaves no booking dates.
    await cancelBooking(await s.owner(at(2)), second.booking.id, { by: "staff" });
    stats = await getClientStats(owner, maja.id);
    expect(stats).toMatchObject({ totalBookings: 0, firstBookingAt: null, lastBookingAt: null, status: "new" });
    await expectCountersExact(owner.db, s.studio.id);
  });

  it("R1, B3, S8: last attended is the latest booked session that has ended; active bookings are the ones still to come", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const c = await makeClient(owner, "Ola");
    const { session: past } = await makeSession(owner, { startsAt: at(1), dropInPriceCents: 0 });
    const { session: noShow } = await makeSession(owner, { startsAt: at(2), dropInPriceCents: 0 });
    const { session: future } = await makeSession(owner, { startsAt: at(10), dropInPriceCents: 0 });
    for (const session of [past, noShow, future]) await bookSession(owner, { sessionId: session.id, clientId: c.id });
    const { markAttendance } = await import("@/lib/bookings/attendance");
    const later = await s.owner(at(5));
    const [row] = await import("@/lib/bookings/attendance").then((m) => m.getAttendance(later, noShow.id));
    await markAttendance(later, row!.booking.id, { status: "no_show" });

    const stats = await getClientStats(later, c.id);
    expect(stats.lastAttendedAt).toEqual(past.startsAt);
    expect(stats.activeBookings).toBe(1);
    expect(stats.totalBookings).toBe(3);
  });

  it("R1: a mixed history of bookings, cancels, payments and refunds leaves the counters equal to a recount", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const people = await Promise.all(["A", "B", "C", "D"].map((n) => makeClient(owner, n)));
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const live: { id: string }[] = [];
    const paid: { id: string; left: number }[] = [];
    for (let i = 0; i < 40; i++) {
      const who = people[rand(people.length)]!;
      const step = rand(4);
      const ctx = await s.owner(at(i));
      if (step === 0 || live.length === 0) {
        live.push((await bookAt(owner, s, who.id, at(i))).booking);
      } else if (step === 1) {
        await cancelBooking(ctx, live.splice(rand(live.length), 1)[0]!.id, { by: "staff" });
      } else if (step === 2) {
        const p = await recordPayment(ctx, {
          clientId: who.id,
          amountCents: 1000 + rand(5000),
          method: rand(3) ? "cash" : null,
        });
        if (p.status === "paid") paid.push({ id: p.id, left: p.amountCents });
      } else if (paid.length) {
        const p = paid[rand(paid.length)]!;
        const amount = Math.min(p.left, 500);
        if (amount > 0) {
          await refundPayment(ctx, p.id, { amountCents: amount });
          p.left -= amount;
        }
      }
    }
    expect(await expectCountersExact(owner.db, s.studio.id)).toBe(4);
  });

  it.skipIf(testDatabaseMode() === "pglite")(
    "R1, S3: twelve bookings of one client committed at once on separate connections all count",
    async () => {
      const s = await makeStudio();
      const owner = await s.owner(T0);
      const c = await makeClient(owner, "Racer");
      const sessions = await Promise.all(
        Array.from({ length: 12 }, (_, i) => makeSession(owner, { startsAt: at(2 + i), dropInPriceCents: 1000 })),
      );
      // The pool runs these on separate connections, so the transactions really overlap.
      await Promise.all(sessions.map(({ session }) => bookSession(owner, { sessionId: session.id, clientId: c.id })));
      const dues = await owner.db
        .select()
        .from(payments)
        .where(and(eq(payments.studioId, s.studio.id), eq(payments.clientId, c.id)));
      await Promise.all(dues.map((p) => markPaymentPaid(owner, p.id, { method: "cash" })));
      const stats = await getClientStats(owner, c.id);
      expect(stats.totalBookings).toBe(12);
      expect(stats.lifetimeSpendCents).toBe(12_000);
      await expectCountersExact(owner.db, s.studio.id);
    },
  );
});

describe("R2: client status", () => {
  it(`R2: lapsed from exactly ${LAPSED_AFTER_DAYS} days after the last booking; regular from 5 bookings; active below; new without bookings`, async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const four = await makeClient(owner, "Four");
    const five = await makeClient(owner, "Five");
    const none = await makeClient(owner, "None");
    for (let i = 0; i < 4; i++) await bookAt(owner, s, four.id, at(i));
    for (let i = 0; i < 5; i++) await bookAt(owner, s, five.id, at(i));
    const last = at(4); // five's last booking; four's is at(3)

    const statusAt = async (clientId: string, now: Date) => (await getClientStats(await s.owner(now), clientId)).status;
    expect(await statusAt(none.id, at(10))).toBe("new");
    expect(await statusAt(four.id, at(10))).toBe("active");
    expect(await statusAt(five.id, at(10))).toBe("regular");
    // One millisecond before 90 days: still regular; at 90 days: lapsed.
    expect(await statusAt(five.id, new Date(at(LAPSED_AFTER_DAYS, last).getTime() - 1))).toBe("regular");
    expect(await statusAt(five.id, at(LAPSED_AFTER_DAYS, last))).toBe("lapsed");
    expect(await statusAt(four.id, at(LAPSED_AFTER_DAYS, at(3)))).toBe("lapsed");
  });

  it("R2: the list's status filters and 'growing' agree with the status rule at the edges", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const counts = [0, 1, 2, 3, 4, 5, 6];
    const made = [];
    for (const n of counts) {
      const c = await makeClient(owner, `N${n}`);
      for (let i = 0; i < n; i++) await bookAt(owner, s, c.id, at(i));
      made.push({ c, n });
    }
    // Two moments: everyone recent (day 20), and exactly 90 days after day 5 (n=6's last booking) — n ≤ 5 lapsed earlier.
    for (const now of [at(20), at(LAPSED_AFTER_DAYS, at(5)), new Date(at(LAPSED_AFTER_DAYS, at(5)).getTime() - 1)]) {
      const ctx = await s.owner(now);
      const all = await listClients(ctx, { limit: 200 });
      for (const row of all.data) expect(row.status).toBe(clientStatus(row, now));
      for (const status of ["new", "active", "regular", "lapsed"] as const) {
        const filtered = await listClients(ctx, { status, limit: 200 });
        expect(filtered.data.map((r) => r.id).sort()).toEqual(
          all.data
            .filter((r) => r.status === status)
            .map((r) => r.id)
            .sort(),
        );
      }
      const growing = await listClients(ctx, { growing: true, limit: 200 });
      expect(growing.data.map((r) => r.totalBookings).sort()).toEqual([3, 4, 5]);
    }
    expect(made.length).toBe(7);
  });
});
