import { expect, test } from "@playwright/test";
import { Dashboard, signUpStudio, studioSlug } from "./pages/auth";
import { Mailbox } from "./pages/mailbox";
import { ApiKeysPage } from "./pages/settings";

const DAY = 86_400_000;

// The welcome flow runs every minute (lib/jobs/definitions.ts SCHEDULE): this journey waits for two runs.
test.setTimeout(300_000);

test("retention automations (C2, J1): the owner switches the welcome flow on after its preview; a first booking gets one mail, a second run sends none, and its unsubscribe link works signed out", async ({
  page,
  request,
}) => {
  const owner = await signUpStudio(page);
  const slug = studioSlug(owner);
  const key = await new ApiKeysPage(page).gotoAndCreate("Automation setup");
  const headers = { authorization: `Bearer ${key}` };
  const stamp = Date.now().toString(36);

  const cls = await request.post("/api/v1/classes", {
    headers,
    data: {
      title: `Flow ${stamp}`,
      capacity: 10,
      durationMinutes: 60,
      memberOnly: false,
      dropInPriceCents: 2000,
      location: "Studio 1",
    },
  });
  expect(cls.status()).toBe(201);
  const classId = (await cls.json()).id as string;
  const created = await request.post(`/api/v1/classes/${classId}/sessions`, {
    headers,
    data: { startsAt: new Date(Date.now() + 2 * DAY).toISOString() },
  });
  expect(created.status()).toBe(201);
  const sessionId = ((await created.json()).data as { id: string }[])[0]!.id;
  const newClient = async (name: string, email: string) => {
    const res = await request.post("/api/v1/clients", { headers, data: { name, email, marketingConsent: true } });
    expect(res.status()).toBe(201);
    return (await res.json()).id as string;
  };
  const book = async (clientId: string) => {
    const res = await request.post("/api/v1/bookings", { headers, data: { sessionId, clientId } });
    expect(res.status(), await res.text()).toBe(201);
  };

  // Ana booked before the flow is on: the preview names her.
  const anaEmail = `ana.${stamp}@example.test`;
  await book(await newClient("Ana Early", anaEmail));

  await page.goto("/dashboard/settings/automations");
  await expect(page.getByRole("heading", { name: "Automations", level: 2 })).toBeVisible();
  const welcome = page.getByRole("region", { name: "Welcome after the first booking: who would get it now" });
  await expect(welcome).toContainText("If you switch it on now: 1 client");
  await expect(welcome).toContainText("Ana Early");
  const form = page.getByRole("form", { name: "Welcome after the first booking: settings" });
  await form.getByRole("checkbox", { name: "Send “Welcome after the first booking”" }).check();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText("Saved. The automation is on.")).toBeVisible();

  // Ben books his first class with the flow on.
  const benEmail = `ben.${stamp}@example.test`;
  const benId = await newClient("Ben Fresh", benEmail);
  await book(benId);

  // Booking mails arrive too: count the welcomes.
  const mailbox = new Mailbox();
  const welcomeTo = (first: string) => new RegExp(`^Welcome to ${owner.studioName}, ${first}$`);
  const welcomes = async (email: string, first: string) =>
    (await mailbox.mailsTo(email)).filter((m) => welcomeTo(first).test(m.subject)).length;
  await expect.poll(() => welcomes(benEmail, "Ben"), { timeout: 100_000, intervals: [2_000] }).toBe(1);
  await expect.poll(() => welcomes(anaEmail, "Ana"), { timeout: 20_000 }).toBe(1);

  // The job runs again a minute later: nobody gets a second welcome.
  await page.waitForTimeout(75_000);
  expect(await welcomes(benEmail, "Ben")).toBe(1);
  expect(await welcomes(anaEmail, "Ana")).toBe(1);

  // The send shows on the client's page.
  await page.goto(`/dashboard/clients/${benId}`);
  await expect(page.getByRole("list", { name: "Automated mails sent" })).toContainText(
    `Welcome to ${owner.studioName}, Ben`,
  );

  // The unsubscribe link works without signing in.
  const link = await mailbox.link(benEmail, welcomeTo("Ben"), `/s/${slug}/unsubscribe`);
  await new Dashboard(page).signOut();
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: `Unsubscribe from ${owner.studioName}` })).toBeVisible();
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(
    page.getByText(`You are unsubscribed: ${owner.studioName} will send you no more marketing mail.`),
  ).toBeVisible();

  // Another studio's link (or a tampered one) does nothing.
  await page.goto(link.replace(/t=[^&]+/, `t=${benId}.forged`));
  await expect(page.getByRole("heading", { name: "This unsubscribe link is not valid" })).toBeVisible();
});
