import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookSession } from "@/lib/bookings/book-session";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { ForbiddenError, InvalidInputError, NotFoundError } from "@/lib/core/errors";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { cancelMembership } from "@/lib/memberships/change-membership";
import { listPayments, markPaymentPaid, refundPayment } from "@/lib/payments/payments";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { BOM } from "./csv";
import { exportHistoryCsv } from "./export-history";

// 10:00 in Warsaw (UTC+1).
const T0 = new Date("2026-03-02T09:00:00Z");
const hours = (n: number) => new Date(T0.getTime() + n * 3_600_000);
const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);

async function readStream(stream: ReadableStream<Uint8Array>) {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(Buffer.concat(chunks));
  return { chunks, text, rows: parse(text, { bom: true }) as string[][] };
}

async function historyStudio() {
  const s = await makeStudio({ timezone: "Europe/Warsaw" });
  const at = (n: number) => s.owner(hours(n));
  const owner = await at(0);
  const pack = await makePlan(owner, PLANS.pack(8, 60));
  // Sessions at 18:30 Warsaw time.
  const { session: a } = await makeSession(owner, { startsAt: new Date("2026-03-04T17:30:00Z"), title: "Vinyasa" });
  const { session: b } = await makeSession(owner, { startsAt: new Date("2026-03-05T17:30:00Z"), title: "Pilates" });
  const { session: c } = await makeSession(owner, { startsAt: new Date("2026-03-08T17:30:00Z"), title: "Yoga" });

  const anna = await makeClient(owner, "Anna Kowalska");
  const { membership } = await assignMembership(owner, {
    planId: pack.id,
    clientId: anna.id,
    paymentMethod: "card_terminal",
  });
  const { booking } = await bookSession(await at(1), { sessionId: a.id, clientId: anna.id });
  await cancelBooking(await at(2), booking.id, { by: "member" });
  const [sale] = await listPayments(owner, { membershipId: membership.id });
  await refundPayment(await at(3), sale!.id, { amountCents: 2000, reason: "Goodwill" });
  await bookSession(await at(4), { sessionId: b.id, clientId: anna.id });
  await cancelMembership(await at(6), membership.id);

  const ben = await makeClient(owner, "Ben Nowak");
  await bookSession(await at(5), { sessionId: c.id, clientId: ben.id });
  const [dropIn] = await listPayments(owner, { clientId: ben.id });
  await markPaymentPaid(await at(7), dropIn!.id, { method: "cash" });
  return { s, anna, ben };
}

const HEADER = [
  "Client",
  "Email",
  "Date and time (Europe/Warsaw)",
  "Type",
  "Description",
  "Amount",
  "Currency",
  "Status",
  "Membership",
];

describe("R7: payment and registration history CSV", () => {
  it("R7: one row per event, clients in name order, events in time order, studio-zone times, positive amounts", async () => {
    const { s, anna, ben } = await historyStudio();
    const { rows, text } = await readStream(
      await exportHistoryCsv(await s.owner(days(10)), { clientIds: [ben.id, anna.id] }),
    );
    expect(text.startsWith(BOM)).toBe(true);
    const A = ["Anna Kowalska", anna.email];
    const B = ["Ben Nowak", ben.email];
    expect(rows).toEqual([
      HEADER,
      [
        ...A,
        "2026-03-02 10:00",
        "membership",
        "8-class pack, from 2026-03-02 until 2026-05-01",
        "",
        "",
        "cancelled",
        "8-class pack",
      ],
      [
        ...A,
        "2026-03-02 10:00",
        "payment",
        "8-class pack, paid by card terminal",
        "120.00",
        "EUR",
        "paid",
        "8-class pack",
      ],
      [
        ...A,
        "2026-03-02 11:00",
        "booking",
        "Vinyasa, 2026-03-04 18:30 (booked by staff)",
        "",
        "",
        "cancelled",
        "8-class pack",
      ],
      [
        ...A,
        "2026-03-02 12:00",
        "cancellation",
        "Vinyasa, 2026-03-04 18:30 (cancelled by member)",
        "",
        "",
        "cancelled",
        "8-class pack",
      ],
      [
        ...A,
        "2026-03-02 13:00",
        "refund",
        "Refund of 8-class pack, paid by card terminal: Goodwill",
        "20.00",
        "EUR",
        "refunded",
        "8-class pack",
      ],
      [
        ...A,
        "2026-03-02 14:00",
        "booking",
        "Pilates, 2026-03-05 18:30 (booked by staff)",
        "",
        "",
        "attended",
        "8-class pack",
      ],
      [...A, "2026-03-02 16:00", "cancellation", "8-class pack cancelled", "", "", "cancelled", "8-class pack"],
      [...B, "2026-03-02 15:00", "booking", "Yoga, 2026-03-08 18:30 (booked by staff)", "", "", "attended", ""],
      [
        ...B,
        "2026-03-02 17:00",
        "payment",
        "Drop-in: Yoga, 2026-03-08 18:30, paid by cash",
        "25.00",
        "EUR",
        "paid",
        "",
      ],
    ]);

    // One client alone, before its sessions have run: the booking is still "booked".
    const one = await readStream(await exportHistoryCsv(await s.owner(hours(8)), { clientIds: [ben.id] }));
    expect(one.rows.slice(1).map((r) => [r[0], r[3], r[7]])).toEqual([
      ["Ben Nowak", "booking", "booked"],
      ["Ben Nowak", "payment", "paid"],
    ]);
  });

  it("R7: owners only; every id must be a client of this studio, else not found; the selection is 1 to 1,000 ids", async () => {
    const { s, anna } = await historyStudio();
    const other = await makeStudio();
    const stranger = await makeClient(await other.owner(), "Stranger");
    const owner = await s.owner(days(1));
    await expect(exportHistoryCsv(await s.instructor(days(1)), { clientIds: [anna.id] })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(exportHistoryCsv(owner, { clientIds: [stranger.id] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(exportHistoryCsv(owner, { clientIds: [anna.id, stranger.id] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(exportHistoryCsv(owner, { clientIds: [anna.id, randomUUID()] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(exportHistoryCsv(owner, { clientIds: ["not-an-id"] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(exportHistoryCsv(owner, { clientIds: [] })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(
      exportHistoryCsv(owner, { clientIds: Array.from({ length: 1001 }, () => randomUUID()) }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    // The same id twice is one client; case does not matter.
    const twice = await readStream(await exportHistoryCsv(owner, { clientIds: [anna.id, anna.id.toUpperCase()] }));
    expect(new Set(twice.rows.slice(1).map((r) => r[1]))).toEqual(new Set([anna.email]));
    // And the stranger's own studio exports it.
    const theirs = await readStream(await exportHistoryCsv(await other.owner(), { clientIds: [stranger.id] }));
    expect(theirs.rows).toEqual([HEADER.map((h) => h.replace("Europe/Warsaw", other.studio.timezone))]);
  });

  it("R7: a long history streams in batches, every event once, each client's rows together and in order", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const busy = await makeClient(owner, "Anna Busy");
    const quiet = await makeClient(owner, "Zed Quiet");
    // 2,500 payments in one statement, many at the very same instant and some a microsecond apart.
    await owner.db.execute(sql`
      insert into payments (studio_id, client_id, amount_cents, currency, method, status, paid_at, description, created_by_actor_type)
      select ${s.studio.id}, ${busy.id}, g, 'EUR', 'cash', 'paid',
             timestamptz '2026-03-01 10:00:00+00' + (g / 700) * interval '1 day' + (g % 7) * interval '1 microsecond',
             'Bulk ' || g, 'system'
        from generate_series(1, 2500) g`);
    await owner.db.execute(sql`
      insert into payments (studio_id, client_id, amount_cents, currency, method, status, paid_at, description, created_by_actor_type)
      select ${s.studio.id}, ${quiet.id}, 100, 'EUR', 'bank', 'paid', timestamptz '2026-01-01 10:00:00+00', 'Quiet ' || g, 'system'
        from generate_series(1, 10) g`);

    const { chunks, rows } = await readStream(await exportHistoryCsv(owner, { clientIds: [quiet.id, busy.id] }));
    expect(chunks.length).toBeGreaterThanOrEqual(4); // header + at least three batches
    const body = rows.slice(1);
    expect(body).toHaveLength(2510);
    expect(new Set(body.map((r) => r[4])).size).toBe(2510);
    // Busy (name order) first, all of its rows, in time order; then Quiet's.
    expect(body.slice(0, 2500).every((r) => r[0] === "Anna Busy")).toBe(true);
    expect(body.slice(2500).every((r) => r[0] === "Zed Quiet")).toBe(true);
    const times = body.slice(0, 2500).map((r) => r[2]!);
    expect([...times].sort()).toEqual(times);
    expect(body.reduce((sum, r) => sum + Math.round(Number(r[5]) * 100), 0)).toBe((2500 * 2501) / 2 + 10 * 100);
  }, 120_000);
});
