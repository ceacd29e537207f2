import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/v1/clients/export.csv/route";
import { bookSession } from "@/lib/bookings/book-session";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { updateClient } from "@/lib/clients/update-client";
import { createCompany, linkClientToCompany } from "@/lib/companies/companies";
import { ForbiddenError, InvalidInputError } from "@/lib/core/errors";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { listPayments, recordPayment, refundPayment } from "@/lib/payments/payments";
import { call, keyFor } from "@/test/support/api";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { BOM } from "./csv";
import { EXPORT_BATCH, exportClientsCsv } from "./export-clients";

// 00:30 on 2 March in Warsaw (UTC+1): a date that differs between UTC and the studio's zone.
const T0 = new Date("2026-03-01T23:30:00Z");
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

const HEADER = [
  "Name",
  "Email",
  "Phone",
  "Total bookings",
  "Lifetime spend (EUR)",
  "First booking",
  "Last booking",
  "Status",
  "Tags",
  "Memberships",
];

/** Three clients: one with bookings, a refunded payment, tags and a membership; one with an inherited membership; one with a formula for a name. */
async function crmStudio() {
  const s = await makeStudio({ timezone: "Europe/Warsaw" });
  const owner = await s.owner(T0);
  const monthly = await makePlan(owner, PLANS.monthly());
  const corporate = await makePlan(owner, PLANS.monthly({ name: "Corporate", priceCents: 0 }));
  const { session: first } = await makeSession(owner, { startsAt: days(3), title: "Vinyasa" });
  const { session: second } = await makeSession(owner, { startsAt: days(4), title: "Pilates" });

  const anna = await makeClient(owner, "Anna Kowalska");
  await updateClient(owner, anna.id, { phone: "+48 600 100 200", tags: ["=cmd", "vip"] });
  const { membership } = await assignMembership(owner, {
    planId: monthly.id,
    clientId: anna.id,
    paymentMethod: "cash",
  });
  await bookSession(owner, { sessionId: first.id, clientId: anna.id });
  await bookSession(await s.owner(days(1)), { sessionId: second.id, clientId: anna.id });
  const [sale] = await listPayments(owner, { membershipId: membership.id });
  await refundPayment(await s.owner(days(1)), sale!.id, { amountCents: 1000 });

  const ben = await makeClient(owner, "Ben Nowak");
  const acme = await createCompany(owner, { name: "Acme" });
  await linkClientToCompany(owner, acme.id, ben.id);
  await assignMembership(owner, { planId: corporate.id, companyId: acme.id });
  await recordPayment(owner, { clientId: ben.id, amountCents: 2500, method: "cash" });
  const { booking } = await bookSession(owner, { sessionId: first.id, clientId: ben.id });
  await cancelBooking(owner, booking.id, { by: "staff" });

  const { client: cleo } = await findOrCreateClient(owner, {
    email: uniqueEmail("cleo"),
    name: '=HYPERLINK("http://evil.example","Cleo")',
    source: "staff",
  });
  return { s, anna: { ...anna, phone: "+48 600 100 200" }, ben, cleo, corporate, acme };
}

describe("R6: clients CSV export", () => {
  it("R6: columns and values: counts, spend after refunds, studio-zone dates, status, tags, own and inherited memberships, neutralised cells", async () => {
    const { s, anna, ben, cleo } = await crmStudio();
    const { rows, text } = await readStream(await exportClientsCsv(await s.owner(days(1)), { sort: "name" }));
    expect(text.startsWith(BOM)).toBe(true);
    expect(rows[0]).toEqual(HEADER);
    const byEmail = new Map(rows.slice(1).map((r) => [r[1], r]));
    expect(rows).toHaveLength(4);
    expect(byEmail.get(anna.email!)).toEqual([
      "Anna Kowalska",
      anna.email,
      "'+48 600 100 200",
      "2",
      "89.00",
      "2026-03-02",
      "2026-03-03",
      "active",
      "'=cmd; vip",
      "Monthly unlimited",
    ]);
    expect(byEmail.get(ben.email!)).toEqual([
      "Ben Nowak",
      ben.email,
      "",
      "0",
      "25.00",
      "",
      "",
      "new",
      "",
      "Corporate (via Acme)",
    ]);
    expect(byEmail.get(cleo.email!)).toEqual([
      `'=HYPERLINK("http://evil.example","Cleo")`,
      cleo.email,
      "",
      "0",
      "0.00",
      "",
      "",
      "new",
      "",
      "",
    ]);
    // sort=name puts Anna before Ben, like the list.
    const names = rows.slice(1).map((r) => r[0]);
    expect(names.indexOf("Anna Kowalska")).toBeLessThan(names.indexOf("Ben Nowak"));
  });

  it("R6: applies the list's filters (tag, plan, company, search, status, growing)", async () => {
    const { s, anna, ben, cleo, corporate, acme } = await crmStudio();
    const ctx = await s.owner(days(1));
    const emails = async (filters: Parameters<typeof exportClientsCsv>[1]) =>
      (await readStream(await exportClientsCsv(ctx, filters))).rows.slice(1).map((r) => r[1]);
    expect(await emails({ tag: "vip" })).toEqual([anna.email]);
    expect(await emails({ planId: corporate.id })).toEqual([ben.email]);
    expect(await emails({ companyId: acme.id })).toEqual([ben.email]);
    expect(await emails({ q: "cleo" })).toEqual([cleo.email]);
    expect(await emails({ status: "active" })).toEqual([anna.email]);
    expect((await emails({ status: "new" })).sort()).toEqual([ben.email, cleo.email].sort());
    expect(await emails({ growing: true })).toEqual([]);
  });

  it("R6: an empty studio exports the header only", async () => {
    const s = await makeStudio();
    const { text, chunks } = await readStream(await exportClientsCsv(await s.owner(), {}));
    expect(text).toBe(`${BOM}${HEADER.join(",")}\r\n`);
    expect(chunks).toHaveLength(1);
  });

  it("R6: owners only; bad filters are refused before anything streams", async () => {
    const { s } = await crmStudio();
    await expect(exportClientsCsv(await s.instructor(), {})).rejects.toBeInstanceOf(ForbiddenError);
    await expect(exportClientsCsv(await s.owner(), { status: "sleepy" as never })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(exportClientsCsv(await s.owner(), { sort: "-password" })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("R6: 5,000 clients stream in batches of separate queries, every client exactly once whatever the sort", async () => {
    const s = await makeStudio();
    const ctx = await s.owner();
    // One set-based statement. created_at ties and differs by single microseconds, the hardest case for a keyset walk.
    await ctx.db.execute(sql`
      insert into clients (studio_id, name, email, email_normalized, source, created_at)
      select ${s.studio.id}, 'Client ' || g, 'c' || g || '@bulk.example', 'c' || g || '@bulk.example', 'import',
             timestamptz '2026-03-01 10:00:00+00' + (g % 7) * interval '1 microsecond'
        from generate_series(1, 5000) g`);
    // Another studio's clients never leak in.
    const other = await makeStudio();
    await makeClient(await other.owner(), "Elsewhere");

    const { chunks, rows } = await readStream(await exportClientsCsv(ctx, {}));
    expect(chunks.length).toBe(1 + Math.ceil(5000 / EXPORT_BATCH));
    expect(rows).toHaveLength(5001);
    expect(new Set(rows.slice(1).map((r) => r[1])).size).toBe(5000);

    for (const sort of ["createdAt", "totalBookings", "-lastBookingAt", "-name", "status"]) {
      const sorted = (await readStream(await exportClientsCsv(ctx, { sort }))).rows.slice(1);
      expect(sorted, sort).toHaveLength(5000);
      expect(new Set(sorted.map((r) => r[1])).size, sort).toBe(5000);
    }
  }, 120_000);

  it("R6: the API serves the export as text/csv that parses back, with the list's filters", async () => {
    const { s, anna } = await crmStudio();
    const key = await keyFor(s);
    const res = await call(exportRoute, { key, path: "/api/v1/clients/export.csv?tag=vip&sort=name" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="clients-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parse(res.body as string, { bom: true }) as string[][];
    expect(rows[0]).toEqual(HEADER);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
      ["Anna Kowalska", anna.email, "'+48 600 100 200", "89.00"],
    ]);

    // The bytes start with the UTF-8 byte-order mark (Response.text() would hide it).
    const raw = await exportRoute(
      new Request("http://localhost/api/v1/clients/export.csv", { headers: { authorization: `Bearer ${key}` } }),
    );
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const bad = await call(exportRoute, { key, path: "/api/v1/clients/export.csv?status=sleepy" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_input");
    expect(Object.keys(bad.body.error.fields)).toEqual(["status"]);
    expect((await call(exportRoute, { path: "/api/v1/clients/export.csv" })).status).toBe(401);
  });
});
