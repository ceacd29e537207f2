import { expect, test, type APIRequestContext } from "@playwright/test";
import { Dashboard, signUpStudio, studioSlug } from "./pages/auth";
import { fitsAPhone } from "./pages/phone";
import { Portal } from "./pages/portal";
import { ApiKeysPage } from "./pages/settings";

const DAY = 86_400_000;

/** A drop-in class at 40.00 with one session in two days, made through the API. */
async function dropInSession(request: APIRequestContext, headers: Record<string, string>, title: string) {
  const cls = await request.post("/api/v1/classes", {
    headers,
    data: { title, capacity: 10, durationMinutes: 60, memberOnly: false, dropInPriceCents: 4000 },
  });
  expect(cls.status()).toBe(201);
  const classId = (await cls.json()).id as string;
  const created = await request.post(`/api/v1/classes/${classId}/sessions`, {
    headers,
    data: { startsAt: new Date(Date.now() + 2 * DAY).toISOString() },
  });
  expect(created.status()).toBe(201);
  return { classId, sessionId: ((await created.json()).data as { id: string }[])[0]!.id };
}

test("F1: a visitor is not offered the guest form for a class that needs a signed form, but sign-in or join", async ({
  page,
  request,
}, testInfo) => {
  const owner = await signUpStudio(page);
  const slug = studioSlug(owner);
  const key = await new ApiKeysPage(page).gotoAndCreate("Forms setup");
  const headers = { authorization: `Bearer ${key}` };
  const stamp = Date.now().toString(36);
  const waivered = await dropInSession(request, headers, `Aerial ${stamp}`);
  const open = await dropInSession(request, headers, `Stretch ${stamp}`);
  const form = await request.post("/api/v1/forms", {
    headers,
    data: {
      title: "Aerial waiver",
      body: "I take part at my own risk.",
      requiredFor: { classIds: [waivered.classId] },
    },
  });
  expect(form.status()).toBe(201);
  await new Dashboard(page).signOut();

  await page.goto(`/s/${slug}/sessions/${waivered.sessionId}`);
  const note = page.getByTestId("guest-form-required");
  await expect(note).toHaveText("This class needs a signed form: sign in or join to book.");
  const next = encodeURIComponent(`/s/${slug}/sessions/${waivered.sessionId}`);
  await expect(note.getByRole("link", { name: "sign in" })).toHaveAttribute("href", `/s/${slug}/signin?next=${next}`);
  await expect(note.getByRole("link", { name: "join" })).toHaveAttribute("href", `/s/${slug}/signup?next=${next}`);
  await expect(page.getByRole("form", { name: "Book as a guest" })).toHaveCount(0);
  await fitsAPhone(page, testInfo, "visitor: a class that needs a signed form");

  // A class without a form still offers the guest form.
  await page.goto(`/s/${slug}/sessions/${open.sessionId}`);
  await expect(page.getByRole("form", { name: "Book as a guest" })).toBeVisible();
  await expect(page.getByTestId("guest-form-required")).toHaveCount(0);
});

test("O4, H1: a member booking for itself and a participant sees what each pays and the total before confirming", async ({
  page,
  request,
}, testInfo) => {
  const owner = await signUpStudio(page);
  const slug = studioSlug(owner);
  const key = await new ApiKeysPage(page).gotoAndCreate("Household setup");
  const headers = { authorization: `Bearer ${key}` };
  const title = `Family yoga ${Date.now().toString(36)}`;
  const { sessionId } = await dropInSession(request, headers, title);
  const { currency } = await (await request.get("/api/v1/studio", { headers })).json();
  const money = (major: number) => new Intl.NumberFormat("en-GB", { style: "currency", currency }).format(major);
  await new Dashboard(page).signOut();

  // A member signs up and adds a child to their household (H1).
  const email = `hanna.house.${Date.now()}@example.test`;
  const portal = new Portal(page, slug);
  await portal.gotoSignUp();
  await portal.signUp({ name: "Hanna Household", email, password: "member password 1" });
  await portal.verifyByMail({ email, password: "member password 1" });
  await portal.expectSignedInAs("Hanna");
  await page.goto(`/s/${slug}`);
  const add = page.getByRole("form", { name: "Add a person to your household" });
  await add.getByLabel("Name").fill("Kuba");
  await add.getByRole("button", { name: "Add person" }).click();
  await expect(add.getByRole("status")).toContainText("Kuba is in your household.");

  // "Who is coming?": both; before confirming, each person's price and the total (O4).
  await page.goto(`/s/${slug}/sessions/${sessionId}`);
  await page.getByRole("checkbox", { name: "Me (Hanna Household)" }).check();
  await page.getByRole("checkbox", { name: "Kuba" }).check();
  await fitsAPhone(page, testInfo, "member: who is coming");
  await page.getByRole("button", { name: "Book", exact: true }).click();
  const before = page.getByRole("region", { name: "Before you confirm" });
  await expect(before.getByRole("listitem")).toHaveText([
    `You: A drop-in: ${money(40)}, due at the studio when you arrive.`,
    `Kuba: A drop-in: ${money(40)}, due at the studio when you arrive.`,
  ]);
  await expect(before.getByTestId("household-total")).toHaveText(`Total due at the studio: ${money(80)}.`);
  await fitsAPhone(page, testInfo, "member: before you confirm");
  await before.getByRole("button", { name: "Confirm booking" }).click();
  const area = page.getByRole("group", { name: `Booking for ${title}` });
  await expect(area.getByRole("status")).toHaveText("Booked 2 places — see you there.");
  const booked = area.getByRole("list", { name: "Booked for this class" });
  await expect(booked.getByRole("listitem")).toHaveCount(2);

  // O4: cancelling Kuba's place asks first and says what it does; keeping it changes nothing.
  await booked.getByRole("button", { name: "Cancel Kuba's booking" }).click();
  const ask = page.getByRole("dialog", { name: `Cancel Kuba's booking of ${title}?` });
  await expect(ask.getByTestId("confirm-text")).toHaveText(
    "This was a drop-in: nothing goes back to a pack. Ask the studio about anything you paid.",
  );
  await fitsAPhone(page, testInfo, "member: cancel a household place");
  await ask.getByRole("button", { name: "Keep the booking" }).click();
  await expect(ask).toBeHidden();
  await expect(booked.getByRole("listitem")).toHaveCount(2);
  await booked.getByRole("button", { name: "Cancel Kuba's booking" }).click();
  await ask.getByRole("button", { name: "Cancel booking" }).click();
  await expect(ask).toBeHidden();
  await expect(area.getByRole("status")).toContainText("Booking cancelled.");
  await expect(booked.getByRole("listitem")).toHaveCount(1);
  await expect(booked.getByRole("listitem")).toHaveText(/You have a place/);
});
