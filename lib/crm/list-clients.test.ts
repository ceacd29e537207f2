import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { InvalidInputError } from "@/lib/core/errors";
import { createCompany, linkClientToCompany } from "@/lib/companies/companies";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { CLIENT_COUNT_CAP, CLIENT_SORT_KEYS, listClients, type ClientListRow } from "./list-clients";

const T0 = new Date("2026-06-01T10:00:00Z");

/** A studio of eight clients with varied counters (set directly: this file tests the list, not the triggers). */
async function setup() {
  const s = await makeStudio();
  const owner = await s.owner(T0);
  const names = [
    "Zofia Nowak",
    "adam Kowal",
    "Ewa Zielińska",
    "Bartek Lis",
    "Celina Wrona",
    "Damian Bąk",
    "Ola Maj",
    "Piotr Sowa",
  ];
  const made: ClientListRow["id"][] = [];
  for (const [i, name] of names.entries()) {
    const { client } = await findOrCreateClient(await s.owner(new Date(T0.getTime() + i * 60_000)), {
      email: uniqueEmail(name.split(" ")[0]!.toLowerCase()),
      name,
      phone: i % 3 === 0 ? undefined : `+48 600 100 ${String(100 + i)}`,
      source: "staff",
    });
    made.push(client.id);
    // Bookings made i days before T0 … and i of them; spend in a different order; some never booked.
    await owner.db.execute(sql`update clients set
        total_bookings = ${i % 4 === 0 ? 0 : i},
        lifetime_spend_cents = ${((i * 37) % 8) * 1000},
        first_booking_at = ${i % 4 === 0 ? null : new Date(T0.getTime() - (i + 100) * 86_400_000).toISOString()}::timestamptz,
        last_booking_at = ${i % 4 === 0 ? null : new Date(T0.getTime() - i * 20 * 86_400_000).toISOString()}::timestamptz
      where studio_id = ${s.studio.id}::uuid and id = ${client.id}::uuid`);
  }
  return { s, owner, ids: made };
}

async function allPages(ctx: Parameters<typeof listClients>[0], input: Parameters<typeof listClients>[1]) {
  const rows: ClientListRow[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await listClients(ctx, { ...input, cursor, limit: 3 });
    rows.push(...page.data);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return rows;
}

const sortValue: Record<(typeof CLIENT_SORT_KEYS)[number], (r: ClientListRow) => string | number> = {
  createdAt: (r) => r.createdAt.getTime(),
  name: (r) => r.name.toLowerCase(),
  email: (r) => r.emailNormalized ?? "",
  phone: (r) => r.phone ?? "",
  totalBookings: (r) => r.totalBookings,
  lifetimeSpend: (r) => r.lifetimeSpendCents,
  firstBookingAt: (r) => r.firstBookingAt?.getTime() ?? -Infinity,
  lastBookingAt: (r) => r.lastBookingAt?.getTime() ?? -Infinity,
  status: (r) => ["new", "active", "regular", "lapsed"].indexOf(r.status),
};

describe("clients list (R1, R2, R4, R5)", () => {
  it("sorts by every column both ways; keyset pages return each client once, in order", async () => {
    const { owner, ids } = await setup();
    for (const key of CLIENT_SORT_KEYS) {
      for (const dir of ["", "-"]) {
        const rows = await allPages(owner, { sort: `${dir}${key}` });
        expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
        const values = rows.map(sortValue[key]);
        for (let i = 1; i < values.length; i++) {
          const [a, b] = [values[i - 1]!, values[i]!];
          // Text sorts follow the database's collation; compare numbers strictly and text loosely.
          if (typeof a === "number") expect(dir ? a >= (b as number) : a <= (b as number)).toBe(true);
        }
      }
    }
  });

  it("R2: the status sort is new, active, regular, lapsed, then id, on every page, however it is read", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const day = 86_400_000;
    // 41 clients, the four statuses interleaved: never booked; 2 bookings 10 days ago; 7 bookings 5 days ago; 3
    // bookings 200 days ago. All tagged, so the tag filter reads the same clients by the other path (sorting them).
    await owner.db.execute(sql`insert into clients (studio_id, name, source, tags, total_bookings, last_booking_at)
      select ${s.studio.id}::uuid, 'Status ' || i, 'staff', array['all'],
        (array[0, 2, 7, 3])[i % 4 + 1],
        (array[null, ${new Date(T0.getTime() - 10 * day).toISOString()}, ${new Date(T0.getTime() - 5 * day).toISOString()},
               ${new Date(T0.getTime() - 200 * day).toISOString()}])[i % 4 + 1]::timestamptz
      from generate_series(1, 41) as i`);
    const rank = (r: ClientListRow) => sortValue.status(r) as number;
    const byStatus = (a: ClientListRow, b: ClientListRow) => rank(a) - rank(b) || (a.id < b.id ? -1 : 1);
    const expected = (await listClients(owner, { sort: "name", limit: 100 })).data.sort(byStatus).map((r) => r.id);
    expect(new Set((await listClients(owner, { limit: 100 })).data.map((r) => r.status)).size).toBe(4);

    const read = async (input: Parameters<typeof listClients>[1]) => {
      const byCursor: string[] = [];
      const byPage: string[] = [];
      let cursor: string | undefined;
      for (let page = 1; page <= 10; page++) {
        const next = await listClients(owner, { ...input, cursor, limit: 7 });
        byCursor.push(...next.data.map((r) => r.id));
        byPage.push(...(await listClients(owner, { ...input, page, limit: 7 })).data.map((r) => r.id));
        cursor = next.nextCursor ?? undefined;
        if (!cursor) break;
      }
      expect(byPage).toEqual(byCursor);
      return byCursor;
    };
    for (const [sort, order] of [
      ["status", expected],
      ["-status", [...expected].reverse()],
    ] as const) {
      // The unfiltered list walks each status's run (statusWalkIds); with a tag, the matches are sorted instead.
      expect(await read({ sort })).toEqual(order);
      expect(await read({ sort, tag: "all" })).toEqual(order);
      const lapsed = (await listClients(owner, { status: "lapsed", limit: 100 })).data.map((r) => r.id);
      expect(lapsed).toHaveLength(10);
      expect(await read({ sort, status: "lapsed" })).toEqual(order.filter((id) => lapsed.includes(id)));
    }
  });

  it("keyset pages keep microseconds: clients created within one millisecond are neither skipped nor repeated", async () => {
    const { s, owner, ids } = await setup();
    await owner.db
      .execute(sql`update clients set created_at = '2026-05-01T10:00:00.000001Z'::timestamptz + (abs(hashtext(id::text)) % 7) * interval '1 microsecond'
      where studio_id = ${s.studio.id}::uuid`);
    for (const sort of ["createdAt", "-createdAt"]) {
      const rows = await allPages(owner, { sort });
      expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    }
  });

  it("R2: the new clients' pages and total agree in every order (one pass over the few that match)", async () => {
    const { owner, ids } = await setup();
    const newOnes = [ids[0]!, ids[4]!]; // never booked (setup)
    for (const sort of ["-createdAt", "name", "-totalBookings", "status"]) {
      const rows = await allPages(owner, { status: "new", sort });
      expect(rows.map((r) => r.id).sort()).toEqual([...newOnes].sort());
      expect(rows.every((r) => r.status === "new")).toBe(true);
      const first = await listClients(owner, { status: "new", sort, limit: 1, withTotal: true });
      expect(first).toMatchObject({ total: 2, totalExact: true });
      const second = await listClients(owner, { status: "new", sort, limit: 1, page: 2 });
      expect([first.data[0]!.id, second.data[0]!.id]).toEqual(rows.map((r) => r.id));
    }
  });

  it("numbered pages with a total, for the dashboard", async () => {
    const { owner } = await setup();
    const p1 = await listClients(owner, { sort: "name", page: 1, limit: 3, withTotal: true });
    const p3 = await listClients(owner, { sort: "name", page: 3, limit: 3, withTotal: true });
    expect(p1.total).toBe(8);
    expect(p1.data.map((r) => r.name)).toEqual(["adam Kowal", "Bartek Lis", "Celina Wrona"]);
    expect(p3.data).toHaveLength(2);
  });

  it("counts exactly up to the cap, then says there are more (the dashboard's 10,000+)", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    await owner.db.execute(sql`insert into clients (studio_id, name, email, email_normalized, source)
      select ${s.studio.id}::uuid, 'Bulk ' || i, 'bulk' || i || '@example.test', 'bulk' || i || '@example.test', 'import'
        from generate_series(1, ${CLIENT_COUNT_CAP + 5}) as i`);
    const all = await listClients(owner, { withTotal: true, limit: 10 });
    expect(all).toMatchObject({ total: CLIENT_COUNT_CAP, totalExact: false });
    expect(all.nextCursor).not.toBeNull();
    const few = await listClients(owner, { q: "bulk1000", withTotal: true });
    expect(few).toMatchObject({ total: 7, totalExact: true }); // bulk1000 and bulk10000 … bulk10005
    // All of them are new (R2): past the cap, "new" pages by the sort index like any broad filter.
    const allNew = await listClients(owner, { status: "new", sort: "name", withTotal: true, limit: 10 });
    expect(allNew).toMatchObject({ total: CLIENT_COUNT_CAP, totalExact: false });
    expect(allNew.data.map((r) => r.name)).toEqual([...allNew.data.map((r) => r.name)].sort());
    expect(allNew.nextCursor).not.toBeNull();
  });

  it("searches name, email and phone digits, case-insensitively", async () => {
    const { owner } = await setup();
    const byName = await listClients(owner, { q: "ZIELIŃ" });
    expect(byName.data.map((r) => r.name)).toEqual(["Ewa Zielińska"]);
    const byEmail = await listClients(owner, { q: "bartek." });
    expect(byEmail.data.map((r) => r.name)).toEqual(["Bartek Lis"]);
    const byPhone = await listClients(owner, { q: "600-100-105" });
    expect(byPhone.data.map((r) => r.name)).toEqual(["Damian Bąk"]);
    // The digits of an email are not a phone search: "nobody.100@…" holds 100, which is in every phone number here.
    const emailWithDigits = await listClients(owner, { q: "nobody.100@example.test" });
    expect(emailWithDigits.data).toHaveLength(0);
    const wildcard = await listClients(owner, { q: "%" });
    expect(wildcard.data).toHaveLength(0);
  });

  it("R4, R5: filters by tag, by plan held now (own or through a company) and by company", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const [a, b, c] = [await makeClient(owner, "A"), await makeClient(owner, "B"), await makeClient(owner, "C")];
    await owner.db.execute(
      sql`update clients set tags = array['vip']::text[] where id = ${a.id}::uuid and studio_id = ${s.studio.id}::uuid`,
    );
    const monthly = await makePlan(owner, PLANS.monthly());
    const pass = await makePlan(owner, PLANS.fixed(10));
    await assignMembership(owner, { planId: monthly.id, clientId: a.id });
    const acme = await createCompany(owner, { name: "Acme" });
    await assignMembership(owner, { planId: monthly.id, companyId: acme.id });
    await linkClientToCompany(owner, acme.id, b.id);
    await assignMembership(owner, { planId: pass.id, clientId: c.id });

    const names = async (input: Parameters<typeof listClients>[1], ctx = owner) =>
      (await listClients(ctx, input)).data.map((r) => r.name).sort();
    expect(await names({ tag: "vip" })).toEqual(["A"]);
    expect(await names({ planId: monthly.id })).toEqual(["A", "B"]);
    expect(await names({ companyId: acme.id })).toEqual(["B"]);
    // M4: eleven days on, the 10-day pass has ended: no longer a holder, and no badge.
    const later = await s.owner(new Date(T0.getTime() + 11 * 86_400_000));
    expect(await names({ planId: pass.id }, later)).toEqual([]);
    const rows = (await listClients(owner, {})).data;
    const badgeOf = (n: string) => rows.find((r) => r.name === n)!.badges.map((x) => [x.planName, x.inherited]);
    expect(badgeOf("B")).toEqual([["Monthly unlimited", true]]);
    expect(badgeOf("A")).toEqual([["Monthly unlimited", false]]);
  });

  it("R5: the plan filter's pages and its total agree, in every order, counting each holder once and no erased one", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const monthly = await makePlan(owner, PLANS.monthly());
    const people = [];
    for (let i = 0; i < 12; i++) people.push(await makeClient(owner, `Pat${String(i).padStart(2, "0")}`));
    // Pat00–Pat06 hold it themselves; Pat06–Pat07 also through Acme (Pat06 both ways); Pat08 held it but is erased; Pat09–Pat11 not.
    for (const p of people.slice(0, 7)) await assignMembership(owner, { planId: monthly.id, clientId: p.id });
    const acme = await createCompany(owner, { name: "Acme" });
    await assignMembership(owner, { planId: monthly.id, companyId: acme.id });
    for (const p of [people[6]!, people[7]!]) await linkClientToCompany(owner, acme.id, p.id);
    await assignMembership(owner, { planId: monthly.id, clientId: people[8]!.id });
    await owner.db.execute(
      sql`update clients set erased_at = ${T0.toISOString()}::timestamptz where studio_id = ${s.studio.id}::uuid and id = ${people[8]!.id}::uuid`,
    );
    await owner.db.execute(
      sql`update clients set tags = array['vip']::text[] where studio_id = ${s.studio.id}::uuid and id in (${people[1]!.id}::uuid, ${people[7]!.id}::uuid, ${people[9]!.id}::uuid)`,
    );
    const holders = people.slice(0, 8).map((p) => p.name);

    for (const sort of ["name", "-name", "-createdAt", "totalBookings", "status"]) {
      const rows = await allPages(owner, { planId: monthly.id, sort });
      expect(rows.map((r) => r.name).sort(), sort).toEqual(holders);
      expect(new Set(rows.map((r) => r.id)).size, sort).toBe(rows.length);
    }
    const first = await listClients(owner, { planId: monthly.id, sort: "name", limit: 3, withTotal: true });
    expect(first.data.map((r) => r.name)).toEqual(["Pat00", "Pat01", "Pat02"]);
    expect([first.total, first.totalExact]).toEqual([8, true]);
    const third = await listClients(owner, { planId: monthly.id, sort: "-name", limit: 3, page: 3, withTotal: true });
    expect(third.data.map((r) => r.name)).toEqual(["Pat01", "Pat00"]);
    expect(third.nextCursor).toBeNull();
    const vip = await listClients(owner, { planId: monthly.id, tag: "vip", withTotal: true, sort: "name" });
    expect([vip.data.map((r) => r.name), vip.total]).toEqual([["Pat01", "Pat07"], 2]);

    // A search's page and total come from one pass over its matches; the cursor narrows the page, never the total.
    const found = people.filter((_, i) => i !== 8 && i < 10).map((p) => p.name);
    const searched = await allPages(owner, { q: "pat0", sort: "-name" });
    expect(searched.map((r) => r.name)).toEqual([...found].reverse());
    const second = await listClients(owner, { q: "pat0", sort: "name", limit: 4, page: 2, withTotal: true });
    expect([second.data.map((r) => r.name), second.total, second.totalExact]).toEqual([found.slice(4, 8), 9, true]);
    const one = await listClients(owner, { q: "pat0", sort: "name", limit: 4 });
    const two = await listClients(owner, {
      q: "pat0",
      sort: "name",
      limit: 4,
      cursor: one.nextCursor!,
      withTotal: true,
    });
    expect([two.data.map((r) => r.name), two.total]).toEqual([found.slice(4, 8), 9]);
  });

  it("never shows another studio's clients; bad input is refused with a clear error", async () => {
    const { owner } = await setup();
    const other = await makeStudio();
    const otherOwner = await other.owner(T0);
    await makeClient(otherOwner, "Elsewhere");
    expect((await listClients(owner, { q: "elsewhere" })).data).toHaveLength(0);
    expect((await listClients(otherOwner, {})).data.map((r) => r.name)).toEqual(["Elsewhere"]);
    await expect(listClients(owner, { sort: "password" })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(listClients(owner, { status: "vip" as never })).rejects.toBeInstanceOf(InvalidInputError);
    const page = await listClients(owner, { sort: "name", limit: 2 });
    await expect(listClients(owner, { sort: "-name", cursor: page.nextCursor! })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(listClients(owner, { cursor: "not-a-cursor" })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("members cannot list clients", async () => {
    const { s, ids } = await setup();
    const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: ids[0]! }, T0);
    await expect(listClients(member, {})).rejects.toThrow();
  });
});
