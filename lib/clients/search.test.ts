import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/lib/core/sql";
import { listClients } from "@/lib/crm/list-clients";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { deleteClient } from "./delete-client";
import { eraseClient } from "./erase-client";
import { findOrCreateClient } from "./find-or-create-client";
import { updateClient } from "./update-client";

const T0 = new Date("2026-06-01T10:00:00Z");

type Owner = Awaited<ReturnType<Awaited<ReturnType<typeof makeStudio>>["owner"]>>;

async function found(owner: Owner, q: string): Promise<string[]> {
  return (await listClients(owner, { q })).data.map((c) => c.id);
}

/** The client's search row: its text and the transaction that last wrote it (xmin). */
async function searchRow(owner: Owner, clientId: string) {
  return rowsOf<{ text: string; xmin: string }>(
    await owner.db.execute(sql`select search_text as text, xmin::text as xmin from client_search
      where studio_id = ${owner.studio.id}::uuid and client_id = ${clientId}::uuid`),
  )[0];
}

describe("R4: search beside the client (client_search, issue 20)", () => {
  it("follows a client's name, email and phone as they change, and forgets an erased client", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const email = uniqueEmail("halina");
    const { client } = await findOrCreateClient(owner, { email, name: "Halina Krupa", source: "staff" });
    expect(await found(owner, "krupa")).toEqual([client.id]);

    await updateClient(owner, client.id, { name: "Halina Wiśniewska", phone: "+48 601 222 333" });
    expect(await found(owner, "krupa")).toEqual([]);
    expect(await found(owner, "WIŚNIEW")).toEqual([client.id]);
    expect(await found(owner, "601 222 333")).toEqual([client.id]);

    await eraseClient(owner, { clientId: client.id });
    expect(await found(owner, "wiśniew")).toEqual([]);
    // Nothing of the person stays in the search text (P1).
    const row = await searchRow(owner, client.id);
    expect(row?.text).not.toContain("wiśniew");
    expect(row?.text).not.toContain(email.toLowerCase());
    expect(row?.text).not.toContain("601222333");
  });

  it("R1's counters rewriting the client row leave its search row untouched", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const { client } = await findOrCreateClient(owner, {
      email: uniqueEmail("jan"),
      name: "Jan Counter",
      source: "staff",
    });
    const before = await searchRow(owner, client.id);
    // What R1's triggers write on every booking, cancel and payment.
    await owner.db.execute(sql`update clients set total_bookings = total_bookings + 1, last_booking_at = now(),
      first_booking_at = now(), lifetime_spend_cents = lifetime_spend_cents + 1500
      where studio_id = ${s.studio.id}::uuid and id = ${client.id}::uuid`);
    expect(await searchRow(owner, client.id)).toEqual(before);
    // A real change of what search matches does write it.
    await updateClient(owner, client.id, { name: "Jan Changed" });
    const after = await searchRow(owner, client.id);
    expect(after?.xmin).not.toBe(before?.xmin);
    expect(after?.text).toContain("jan changed");
  });

  it("every client of a many-row insert is searchable, a deleted client's row goes with it, another studio's never shows", async () => {
    const s = await makeStudio();
    const other = await makeStudio();
    const owner = await s.owner(T0);
    const otherOwner = await other.owner(T0);
    await owner.db.execute(sql`insert into clients (studio_id, name, email, email_normalized, source)
      select ${s.studio.id}::uuid, 'Many ' || i, 'many' || i || '@example.test', 'many' || i || '@example.test', 'import'
        from generate_series(1, 300) as i`);
    const [{ n } = { n: 0 }] = rowsOf<{ n: number }>(
      await owner.db.execute(sql`select count(*)::int as n from client_search where studio_id = ${s.studio.id}::uuid`),
    );
    expect(n).toBe(300);
    const [one] = await found(owner, "many217@");
    expect(one).toBeDefined();
    expect(await found(otherOwner, "many217@")).toEqual([]);

    await deleteClient(owner, { clientId: one! });
    expect(await found(owner, "many217@")).toEqual([]);
    expect(await searchRow(owner, one!)).toBeUndefined();
  });
});
