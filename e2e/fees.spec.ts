import { expect, test, type APIRequestContext } from "@playwright/test";
import { signUpStudio } from "./pages/auth";
import { PaymentsDuePage } from "./pages/schedule";
import { ApiKeysPage } from "./pages/settings";

function unique(label: string): string {
  return `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

async function post(request: APIRequestContext, headers: Record<string, string>, path: string, data: unknown) {
  const res = await request.post(path, { headers, data });
  expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300);
  return res.json();
}

test("B9: a no-show charges the fee (without Stripe: a payment due in Payments), and staff waive it", async ({
  page,
  request,
}) => {
  await signUpStudio(page);

  // The owner sets a no-show fee in Settings → General.
  await page.goto("/dashboard/settings");
  await page.getByLabel(/^No-show fee/).fill("30");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(/^No-show fee/)).toHaveValue("30.00");

  // A class with a session in two hours, and Nina booked into it (through the API).
  const key = await new ApiKeysPage(page).gotoAndCreate("Fees setup");
  const headers = { authorization: `Bearer ${key}` };
  const title = `Pilates ${unique("")}`;
  const cls = await post(request, headers, "/api/v1/classes", {
    title,
    capacity: 8,
    durationMinutes: 60,
    memberOnly: false,
    dropInPriceCents: 0,
    location: "Studio 1",
  });
  const sessions = await post(request, headers, `/api/v1/classes/${cls.id}/sessions`, {
    startsAt: new Date(Date.now() + 2 * 3600_000).toISOString(),
  });
  const sessionId = sessions.data[0].id as string;
  const nina = { name: `Nina ${unique("N")}`, email: `${unique("nina.")}@example.test` };
  const client = await post(request, headers, "/api/v1/clients", nina);
  await post(request, headers, "/api/v1/bookings", { sessionId, clientId: client.id });

  // Staff mark her a no-show on the attendance list.
  await page.goto(`/dashboard/schedule/sessions/${sessionId}`);
  await page.getByRole("button", { name: `No-show ${nina.name}` }).click();
  await expect(page.getByRole("button", { name: `Undo no-show ${nina.name}` })).toBeVisible();

  // Without Stripe the fee is a payment due, listed under Payments → Fees.
  const payments = new PaymentsDuePage(page);
  await page.goto("/dashboard/payments?kind=fee");
  const row = payments.row(nina.name);
  await expect(row).toContainText("Fee");
  await expect(row).toContainText(`No-show fee: ${title}`);
  await expect(row).toContainText("€30.00");
  await expect(payments.total()).toContainText("€30.00");

  // Staff waive it: the fee is cancelled and leaves the list; the client page says so.
  await row.getByRole("button", { name: /^Waive/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "€30.00 fee waived: nothing is due." })).toBeVisible();
  await expect(payments.row(nina.name)).toHaveCount(0);
  await page.goto(`/dashboard/clients/${client.id}`);
  await expect(page.getByTestId("fee")).toContainText("No-show fee €30.00 waived");
  await expect(page.getByRole("button", { name: /^Waive/ })).toHaveCount(0);
});
