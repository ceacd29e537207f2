import { describe, expect, it, vi } from "vitest";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import type { ClientRow } from "./rows";
import type { ListState } from "./url-state";

// Rendered outside Next: no app router to mount, and the server actions are not called by a server render.
vi.mock("next/navigation", () => ({ useRouter: () => ({ push: () => {}, refresh: () => {} }) }));
vi.mock("../list-actions", () => ({
  messageSelectedClientsAction: async () => ({ ok: false }),
  tagSelectedClientsAction: async () => ({ ok: false }),
}));

const { ClientsList } = await import("./clients-list");

let made = 0;
function row(name: string, extra: Partial<ClientRow> = {}): ClientRow {
  return {
    id: `00000000-0000-4000-8000-${String(++made).padStart(12, "0")}`,
    name,
    email: `${name.toLowerCase()}@example.test`,
    phone: null,
    status: "new",
    totalBookings: 0,
    lifetimeSpendCents: 0,
    lifetimeSpend: "£0.00",
    firstBookingAt: null,
    firstBooking: null,
    lastBookingAt: null,
    lastBooking: null,
    tags: [],
    badges: [],
    householdRole: null,
    portalDisabled: false,
    ...extra,
  };
}

const BASE: ListState = { growing: false, sort: "-createdAt", page: 1, size: 50 };

function render(props: { rows: ClientRow[]; total: number; totalExact?: boolean; state?: Partial<ListState> }) {
  const state = { ...BASE, ...props.state };
  return renderToString(
    createElement(ClientsList, {
      rows: props.rows,
      total: props.total,
      totalExact: props.totalExact ?? true,
      hasMore: state.page * state.size < props.total,
      state,
      tags: [{ value: "vip", label: "vip (3)" }],
      plans: [],
      companies: [],
      canExport: true,
    }),
  ).replaceAll("<!-- -->", "");
}

/** The opening tag of the header cell that holds a sort button with this text. */
function headerOf(html: string, label: string): string {
  const at = html.indexOf(`>${label}<svg`);
  expect(at, `no sort button "${label}"`).toBeGreaterThan(-1);
  const th = html.lastIndexOf("<th", at);
  return html.slice(th, html.indexOf(">", th) + 1);
}

describe("clients table (R1, R2, R4, R5)", () => {
  it("R5: rows as the server sent them, with the names, badges and labels staff and the journeys rely on", () => {
    const html = render({
      rows: [
        row("Maja", {
          status: "regular",
          totalBookings: 1234,
          lifetimeSpend: "£1,234.56",
          lastBookingAt: "2026-01-31T12:30:00.000Z",
          lastBooking: "1 Feb 2026",
          tags: ["vip"],
          badges: [
            { membershipId: "m1", planId: "p1", planName: "Gold", inherited: false, companyName: null },
            { membershipId: "m2", planId: "p2", planName: "Corporate", inherited: true, companyName: "Acme" },
          ],
          householdRole: "participant",
        }),
        row("Abe"),
      ],
      total: 2,
    });
    expect(html).toContain('<table class="w-full caption-bottom border-collapse text-sm" aria-label="Clients">');
    expect(html.indexOf(">Maja</a>")).toBeLessThan(html.indexOf(">Abe</a>"));
    expect(html).toMatch(/href="\/dashboard\/clients\/00000000-0000-4000-8000-\d{12}">Maja<\/a>/);
    expect(html).toContain('aria-label="Select all clients on this page"');
    expect(html).toContain('aria-label="Select Maja"');
    expect(html).toContain(">Regular</span>");
    expect(html).toContain(">1,234</td>");
    expect(html).toContain('<time dateTime="2026-01-31T12:30:00.000Z" class="whitespace-nowrap">1 Feb 2026</time>');
    expect(html).toContain(
      '<ul class="flex flex-wrap gap-1" aria-label="Active memberships"><li><span class="inline-flex',
    );
    expect(html).toMatch(/<li><span [^>]*>Gold<\/span><\/li><li><span [^>]*>Corporate \(via Acme\)<\/span><\/li>/);
    expect(html).toContain(">Participant</span>");
    // R4: a tag chip filters the list by that tag.
    expect(html).toContain('href="/dashboard/clients?tag=vip"');
    expect(html).toContain("1–2 of 2 clients");
  });

  it("R1/R2: the sorted column's header says so (aria-sort); the default order marks none", () => {
    const rows = [row("Abe")];
    const byName = render({ rows, total: 1, state: { sort: "-name" } });
    expect(headerOf(byName, "Name")).toContain('aria-sort="descending"');
    expect(headerOf(byName, "Phone")).not.toContain("aria-sort");
    expect(byName).toContain("Sorted by Name, Z to A");

    const bySpend = render({ rows, total: 1, state: { sort: "lifetimeSpend" } });
    expect(headerOf(bySpend, "Lifetime spend")).toContain('aria-sort="ascending"');
    expect(headerOf(bySpend, "Name")).not.toContain("aria-sort");

    // The name column also sorts by email.
    expect(headerOf(render({ rows, total: 1, state: { sort: "email" } }), "Name")).toContain('aria-sort="ascending"');

    const newest = render({ rows, total: 1 });
    expect(newest).not.toContain("aria-sort");
    expect(newest).toContain("Sorted by Date added, newest first");
    // Tags and memberships are not sortable: no button in their headers.
    expect(newest).not.toContain(">Tags<svg");
    expect(newest).not.toContain(">Memberships<svg");
  });

  it("R4: pages keep the filters and sort; the last page has no next link", () => {
    const rows = Array.from({ length: 25 }, (_, i) => row(`Client ${i}`));
    const state = { tag: "vip", sort: "name", size: 25, page: 2 };
    const middle = render({ rows, total: 80, state });
    expect(middle).toContain("26–50 of 80 clients");
    expect(middle).toContain("Page 2 of 4");
    expect(middle).toMatch(/<a rel="prev" [^>]*href="\/dashboard\/clients\?tag=vip&amp;sort=name&amp;size=25">/);
    expect(middle).toMatch(
      /<a rel="next" [^>]*href="\/dashboard\/clients\?tag=vip&amp;sort=name&amp;page=3&amp;size=25">/,
    );

    const last = render({ rows: rows.slice(0, 5), total: 80, state: { ...state, page: 4 } });
    expect(last).toContain("76–80 of 80 clients");
    expect(last).not.toContain('rel="next"');
    expect(last).toMatch(/<button [^>]*disabled="">Next/);
  });

  it("past the count cap the total reads 10,000+ and pages stay open-ended", () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(`Client ${i}`));
    const html = render({ rows, total: 10_000, totalExact: false, state: { page: 3 } });
    expect(html).toContain("101–150 of 10,000+ clients");
    expect(html).toContain("Page 3<");
    expect(html).not.toContain("Page 3 of");
    expect(html).toMatch(/<a rel="next" [^>]*href="\/dashboard\/clients\?page=4">/);
  });

  it("R4: no match says so and offers to clear the filters (the sort stays); a page past the end offers the last page", () => {
    const none = render({ rows: [], total: 0, state: { status: "lapsed", q: "zzz", sort: "name" } });
    expect(none).toContain("No clients match these filters");
    expect(none).toContain('href="/dashboard/clients?sort=name"');
    expect(none).not.toContain('aria-label="Clients"');

    const past = render({ rows: [], total: 120, state: { page: 9 } });
    expect(past).toContain("There is no page 9");
    expect(past).toContain('href="/dashboard/clients?page=3"');
  });
});
