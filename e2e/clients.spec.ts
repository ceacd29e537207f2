import { expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { signUpStudio } from "./pages/auth";
import { ClientPage, ClientsDirectory, studioTotals } from "./pages/clients";
import { ClientsList, MembershipsPage, PlanPage } from "./pages/memberships";

function unique(label: string): string {
  return `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

test("CRM: staff search a client, note and tag them, filter by the tag, export the CSV, erase another client and the totals stay", async ({
  page,
}) => {
  await signUpStudio(page);
  const zofia = { name: "Zofia Quill", email: `${unique("zofia.")}@example.test` };
  const erin = { name: "Erin Eraseme", email: `${unique("erin.")}@example.test` };
  const list = new ClientsList(page);
  await list.add(zofia);
  await list.add(erin);

  // Both buy a membership paid in cash: the studio has revenue, and each client a lifetime spend (R1).
  const memberships = new MembershipsPage(page);
  const planName = `Intro month ${unique("")}`;
  await memberships.createPlan({ kind: "fixed", name: planName, price: "45.00", days: 30 });
  const plan = new PlanPage(page);
  await plan.openMembersTab();
  await plan.addMember({ email: zofia.email, who: zofia.name, payment: "cash" });
  await plan.addMember({ email: erin.email, who: erin.name, payment: "cash" });
  const before = await studioTotals(page);
  expect(before.revenue).toBe("€90.00");
  expect(before.clients).toBe("2");

  // Search, open the page, add a private note and a tag (R3, R4).
  const clients = new ClientsDirectory(page);
  await clients.goto();
  await clients.search("quill");
  await expect(clients.row(erin.name)).toHaveCount(0);
  await expect(clients.row(zofia.name)).toContainText("€45.00");
  await clients.open(zofia.name);
  const client = new ClientPage(page);
  await client.addNote("Prefers the front row; knee injury in 2025.");
  await expect(client.notes().getByRole("listitem").first()).toContainText("Private");
  const tag = unique("vip").toLowerCase();
  await client.addTag(tag);

  // Filter the list by the tag: only Zofia.
  await clients.goto();
  await clients.filterByTag(tag);
  await expect(clients.row(zofia.name)).toBeVisible();
  await expect(clients.row(erin.name)).toHaveCount(0);

  // Export the filtered list and read it back (R6).
  const csv = await clients.exportCsv();
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const rows: string[][] = parse(csv.slice(1));
  expect(rows[0]).toEqual(expect.arrayContaining(["Name", "Email", "Phone", "Status", "Tags", "Memberships"]));
  expect(rows).toHaveLength(2);
  const record = Object.fromEntries(rows[0]!.map((h, i) => [h, rows[1]![i]]));
  expect(record).toMatchObject({ Name: zofia.name, Email: zofia.email, Tags: tag, Memberships: planName });
  expect(Object.entries(record).find(([h]) => h.startsWith("Lifetime spend"))?.[1]).toBe("45.00");

  // Erase Erin (P1): gone from the list, the studio's bookings and revenue unchanged.
  await clients.goto();
  await clients.search("eraseme");
  await clients.open(erin.name);
  await client.erase();
  await clients.goto();
  await expect(clients.row(erin.name)).toHaveCount(0);
  await clients.search("eraseme");
  await expect(page.getByText("No clients match these filters.").first()).toBeVisible();
  const after = await studioTotals(page);
  expect(after).toEqual({ ...before, clients: "1" });
});
