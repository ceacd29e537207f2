import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { clients } from "@/db/schema";
import { InvalidInputError } from "@/lib/core/errors";
import { listClients } from "@/lib/crm/list-clients";
import { addTag } from "@/lib/crm/tags";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient } from "@/test/support/membership-fixtures";
import { toClientRow } from "./rows";
import {
  changedHref,
  clearedHref,
  describeProblems,
  exportHref,
  listHref,
  listInput,
  readListState,
  type SearchParams,
} from "./url-state";

/** The search params Next hands the page for an address. */
function paramsOf(href: string): SearchParams {
  const out: SearchParams = {};
  for (const [k, v] of new URL(href, "http://x").searchParams) {
    const prev = out[k];
    out[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
  }
  return out;
}

const PLAN = "0b6f2c1e-8d1a-4a8e-9d55-3f6a3c2b1a10";

describe("clients list address (R2, R4, R5 filters in the URL)", () => {
  it("R2/R4/R5: a view survives the round trip through its address, defaults left out", () => {
    const href = `/dashboard/clients?q=anna&status=lapsed&growing=true&tag=prenatal&plan=${PLAN}&sort=-lastBookingAt&page=3&size=100`;
    const { state, problems } = readListState(paramsOf(href));
    expect(problems).toEqual([]);
    expect(state).toEqual({
      q: "anna",
      status: "lapsed",
      growing: true,
      tag: "prenatal",
      plan: PLAN,
      company: undefined,
      sort: "-lastBookingAt",
      page: 3,
      size: 100,
    });
    expect(listHref(state)).toBe(href);
    expect(listHref(readListState({}).state)).toBe("/dashboard/clients");
    // Blank and repeated parameters: blank is absent, the first of a repeat counts.
    expect(readListState(paramsOf("/dashboard/clients?q=&tag=a&tag=b&page=2")).state).toMatchObject({
      q: undefined,
      tag: "a",
      page: 2,
    });
  });

  it("R2/R4: changing a filter, the sort or the page size starts again at page 1; changing the page keeps the filters", () => {
    const { state } = readListState(paramsOf("/dashboard/clients?status=active&sort=name&page=4"));
    expect(changedHref(state, { tag: "vip" })).toBe("/dashboard/clients?status=active&tag=vip&sort=name");
    expect(changedHref(state, { growing: true })).toBe("/dashboard/clients?status=active&growing=true&sort=name");
    expect(changedHref(state, { sort: "-name" })).toBe("/dashboard/clients?status=active&sort=-name");
    expect(changedHref(state, { size: 25 })).toBe("/dashboard/clients?status=active&sort=name&size=25");
    expect(changedHref(state, { page: 5 })).toBe("/dashboard/clients?status=active&sort=name&page=5");
    // The same value again is no change: the page stays.
    expect(changedHref(state, { status: "active" })).toBe("/dashboard/clients?status=active&sort=name&page=4");
    expect(clearedHref({ ...state, size: 100 })).toBe("/dashboard/clients?sort=name&size=100");
  });

  it("R6: the export link carries the view's filters and sort under the names the export route reads, not its page", () => {
    const { state } = readListState(
      paramsOf(`/dashboard/clients?q=a&status=new&plan=${PLAN}&company=${PLAN}&growing=1&sort=name&page=2&size=25`),
    );
    const url = new URL(exportHref(state), "http://x");
    expect(url.pathname).toBe("/dashboard/clients/export.csv");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: "a",
      status: "new",
      growing: "true",
      plan: PLAN,
      company: PLAN,
      sort: "name",
    });
  });

  it("R2: what only the page checks (page, size, growing) is reported, not thrown", () => {
    expect(readListState(paramsOf("/dashboard/clients?page=0")).problems).toEqual([
      "page: use a whole number from 1 to 10,000.",
    ]);
    expect(readListState(paramsOf("/dashboard/clients?page=2x&size=30&growing=yes")).problems).toEqual([
      "growing: use growing=true, or leave it out.",
      "page: use a whole number from 1 to 10,000.",
      "size: show 25, 50 or 100 clients per page.",
    ]);
  });

  it("R2/R5: a bad filter or sort in the address becomes readable problems, named as in the address", async () => {
    const s = await makeStudio();
    const ctx = await s.instructor();
    const read = async (href: string) => {
      try {
        await listClients(ctx, listInput(readListState(paramsOf(href)).state));
        return [];
      } catch (e) {
        if (!(e instanceof InvalidInputError)) throw e;
        return describeProblems(e.fields, e.message);
      }
    };
    expect(await read("/dashboard/clients?status=gold")).toEqual([
      "status must be one of new, active, regular, lapsed.",
    ]);
    expect(await read("/dashboard/clients?plan=abc")).toEqual(["plan must be a plan id."]);
    expect(await read("/dashboard/clients?company=abc")).toEqual(["company must be a company id."]);
    expect((await read("/dashboard/clients?sort=colour"))[0]).toMatch(/^sort must be one of createdAt, name/);
    expect(await read(`/dashboard/clients?plan=${PLAN}&status=new`)).toEqual([]);
  });

  it("R1/R4: the address's filter, sort, page and size reach the list; rows for the browser carry no Date", async () => {
    const s = await makeStudio({ timezone: "Pacific/Auckland" });
    const ctx = await s.instructor();
    const names = ["Cara", "Abe", "Bea", "Dan"];
    const made = [];
    for (const n of names) made.push(await makeClient(ctx, n));
    for (const c of made.slice(0, 3)) await addTag(ctx, { clientId: c.id, tag: "vip" });
    const when = new Date("2026-01-31T12:30:00Z"); // 1 Feb 2026 in Auckland
    await ctx.db
      .update(clients)
      .set({ lastBookingAt: when, firstBookingAt: when, totalBookings: 1, lifetimeSpendCents: 123456 })
      .where(and(eq(clients.studioId, s.studio.id), eq(clients.id, made[0]!.id)));

    const { state } = readListState(paramsOf("/dashboard/clients?tag=vip&sort=-name&size=25&page=1"));
    const page = await listClients(ctx, listInput(state));
    expect(page.total).toBe(3);
    expect(page.data.map((c) => c.name)).toEqual(["Cara", "Bea", "Abe"]);

    const second = await listClients(ctx, listInput({ ...state, sort: "name", size: 25, page: 2 }));
    expect(second.total).toBe(3);
    expect(second.data).toEqual([]);

    const row = toClientRow(page.data[0]!, s.studio);
    expect(JSON.parse(JSON.stringify(row))).toEqual(row);
    expect(row).toMatchObject({
      name: "Cara",
      firstBookingAt: when.toISOString(),
      firstBooking: "1 Feb 2026",
      lastBooking: "1 Feb 2026",
      tags: ["vip"],
    });
    expect(row.lifetimeSpend).toBe(
      new Intl.NumberFormat("en-GB", { style: "currency", currency: s.studio.currency }).format(1234.56),
    );
  });
});
