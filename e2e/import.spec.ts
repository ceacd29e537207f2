import { expect, test, type APIRequestContext } from "@playwright/test";
import { signUpStudio } from "./pages/auth";
import { ImportPage } from "./pages/import";
import { ApiKeysPage } from "./pages/settings";

async function clientsMatching(request: APIRequestContext, key: string, q: string): Promise<number> {
  const res = await request.get(`/api/v1/clients?limit=200&q=${encodeURIComponent(q)}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { data: unknown[] }).data.length;
}

test("M10: staff import a CSV into a plan: preview with each bad row, nothing written until confirmed, then 3 imported", async ({
  page,
  request,
}) => {
  await signUpStudio(page);
  const key = await new ApiKeysPage(page).gotoAndCreate("Import e2e");
  const plan = await request.post("/api/v1/plans", {
    headers: { authorization: `Bearer ${key}` },
    data: {
      name: "10-class pack",
      kind: "sessions",
      priceCents: 12000,
      sessions: 10,
      durationDays: 90,
      permissions: [],
      memberOnlyAccess: false,
      public: false,
    },
  });
  expect(plan.status()).toBe(201);
  const planId = ((await plan.json()) as { id: string }).id;

  const tag = `imp${Date.now().toString(36)}`;
  const csv = [
    "email,name,startsAt,sessionsRemaining",
    `ana.${tag}@example.test,Ana Nowak,2026-03-01,`,
    `not-an-email-${tag},Broken Email,2026-03-01,`,
    `ben.${tag}@example.test,Ben Okafor,2026-03-01,4`,
    `cy.${tag}@example.test,Cy Lim,2026-03-10T18:00:00+01:00,`,
    `dee.${tag}@example.test,Dee Late,sometime,`,
  ].join("\n");
  const file = { name: "members.csv", content: `${csv}\n` };

  const importPage = new ImportPage(page);
  await importPage.gotoFromMemberships();
  await importPage.check(planId, file);

  const preview = importPage.preview();
  await expect(preview.getByText("3 rows ready to import")).toBeVisible();
  await expect(preview.getByText("2 rows with errors")).toBeVisible();
  const errors = await importPage.errorRows();
  expect(errors.map(([row, column]) => [row, column])).toEqual([
    ["3", "email"],
    ["6", "startsAt"],
  ]);
  expect(errors[0]![2]).toBe("Enter a valid email address.");

  // The preview wrote nothing.
  expect(await clientsMatching(request, key, tag)).toBe(0);

  await importPage.confirm();
  await expect(importPage.result().getByText(/3 new memberships in 10-class pack/)).toBeVisible();
  await expect(importPage.result().getByText(/2 rows with errors were left out/)).toBeVisible();
  expect(await clientsMatching(request, key, tag)).toBe(3);

  // The same file again would add nothing, and the preview says so.
  await importPage.importAnother();
  await importPage.check(planId, file);
  await expect(importPage.preview().getByText("3 rows already imported")).toBeVisible();
  expect(await clientsMatching(request, key, tag)).toBe(3);
});
