import { createHmac } from "node:crypto";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { signUpStudio } from "./pages/auth";
import { ApiKeysPage } from "./pages/settings";

// X2 end to end: the built app (playwright.config.ts starts it with ROSTER_WEBHOOKS_ALLOW_PRIVATE=1 for this local receiver) delivers a
// signed event from its own job worker, and Settings → Webhooks shows the delivery.
test("X2: the owner adds a webhook endpoint; a new client reaches the receiver signed, and the delivery is listed", async ({
  page,
  request,
}) => {
  const got: { body: string; signature: string }[] = [];
  const receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push({ body, signature: String(req.headers["roster-signature"]) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`;
  try {
    await signUpStudio(page);
    const key = await new ApiKeysPage(page).gotoAndCreate("Webhooks e2e");

    await page.goto("/dashboard/settings/webhooks");
    await expect(page.getByText("No endpoints yet")).toBeVisible();
    await page.getByLabel("Endpoint URL").fill(url);
    await page.getByLabel("client.created").check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText("Copy the signing secret now")).toBeVisible();
    const secret = ((await page.getByTestId("new-webhook-secret").textContent()) ?? "").trim();
    expect(secret).toMatch(/^whsec_/);

    const email = `hook.${Date.now().toString(36)}@example.test`;
    const created = await request.post("/api/v1/clients", {
      headers: { authorization: `Bearer ${key}` },
      data: { email, name: "Hedda Hook" },
    });
    expect(created.status()).toBe(201);

    await expect.poll(() => got.length, { timeout: 30_000 }).toBe(1);
    const event = JSON.parse(got[0]!.body) as { type: string; data: { id: string } };
    expect(event.type).toBe("client.created");
    expect(event.data.id).toBe(((await created.json()) as { id: string }).id);
    const [t, v1] = got[0]!.signature.split(",").map((p) => p.split("=")[1]!);
    expect(v1).toBe(createHmac("sha256", secret).update(`${t}.${got[0]!.body}`).digest("hex"));

    await page.reload();
    await expect(page.getByRole("table", { name: `Deliveries to ${url}` }).getByText("Delivered")).toBeVisible();

    // 390 px wide: nothing overflows sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  } finally {
    receiver.close();
  }
});
