import { expect, test } from "@playwright/test";
import { Dashboard, signUpStudio, studioSlug } from "./pages/auth";
import { GuestBooking } from "./pages/guest-booking";
import { Portal } from "./pages/portal";
import { ApiKeysPage } from "./pages/settings";

const DAY = 86_400_000;

test("A1: signing up with a client's email shows no trace of that client; the emailed link links them and shows the pack", async ({
  page,
  request,
}) => {
  const owner = await signUpStudio(page);
  const slug = studioSlug(owner);
  const headers = { authorization: `Bearer ${await new ApiKeysPage(page).gotoAndCreate("Identity setup")}` };
  const plan = await request.post("/api/v1/plans", {
    headers,
    data: {
      name: "10-class pack",
      kind: "sessions",
      priceCents: 45000,
      sessions: 10,
      durationDays: 90,
      permissions: [],
      memberOnlyAccess: false,
      public: true,
    },
  });
  expect(plan.status()).toBe(201);
  // The studio already holds Alicja as a client, with a pack.
  const alicja = {
    name: "Alicja Nowak",
    email: `alicja.${Date.now().toString(36)}@example.test`,
    password: "alicja password 1",
  };
  const sold = await request.post("/api/v1/memberships", {
    headers,
    data: { planId: (await plan.json()).id, email: alicja.email, name: alicja.name },
  });
  expect(sold.status()).toBe(201);
  await new Dashboard(page).signOut();

  // Someone signs up in the portal with her email: the same "check your email" as any address, and nothing of hers.
  const portal = new Portal(page, slug);
  await portal.gotoSignUp();
  await portal.signUp(alicja);
  await expect(page.getByText("Hello, Alicja")).toHaveCount(0);
  await expect(page.getByText("10-class pack")).toHaveCount(0);
  await page.goto(`/s/${slug}`);
  await expect(page.getByRole("heading", { name: /^Hello/ })).toHaveCount(0);
  await page.goto(`/s/${slug}/card`);
  await expect(page).toHaveURL(new RegExp(`/s/${slug}/signin`));

  // The person who reads Alicja's mail and knows the password follows the link: linked, signed in, her pack shown.
  await portal.verifyByMail(alicja);
  await portal.expectSignedInAs("Alicja");
  await expect(page.getByText("10-class pack").first()).toBeVisible();
  await expect(page.getByText(/10 sessions? left|10 of 10/).first()).toBeVisible();
});

test("A5: a guest booking with someone else's email books nothing until the person at that address confirms it", async ({
  page,
  request,
}) => {
  const owner = await signUpStudio(page);
  const slug = studioSlug(owner);
  const headers = { authorization: `Bearer ${await new ApiKeysPage(page).gotoAndCreate("Guest setup")}` };
  const cls = await request.post("/api/v1/classes", {
    headers,
    data: {
      title: "Drop-in flow",
      capacity: 10,
      durationMinutes: 60,
      memberOnly: false,
      dropInPriceCents: 3000,
      location: "Studio 1",
    },
  });
  expect(cls.status()).toBe(201);
  const created = await request.post(`/api/v1/classes/${(await cls.json()).id}/sessions`, {
    headers,
    data: { startsAt: new Date(Date.now() + 2 * DAY).toISOString() },
  });
  const sessionId = ((await created.json()).data as { id: string }[])[0]!.id;
  const bea = { name: "Bea Booker", email: `bea.${Date.now().toString(36)}@example.test` };
  const client = await request.post("/api/v1/clients", { headers, data: { name: bea.name, email: bea.email } });
  expect(client.status()).toBe(201);
  await new Dashboard(page).signOut();

  const guest = new GuestBooking(page, slug);
  await guest.request(sessionId, { name: "Not Bea", email: bea.email });
  type Row = { booking: { bookedBy: string }; client: { email: string } };
  const bookingsOf = async () =>
    (await (await request.get(`/api/v1/sessions/${sessionId}/attendance`, { headers })).json()).data as Row[];
  expect(await bookingsOf()).toEqual([]);

  await guest.confirmByMail(bea.email);
  expect((await bookingsOf()).map((r) => [r.client.email, r.booking.bookedBy])).toEqual([[bea.email, "member"]]);
});
