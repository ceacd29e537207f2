import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { stripeAccounts } from "@/db/schema";
import { makeStudio } from "@/test/support/fixtures";
import { stripeRecorderForFile } from "@/test/support/stripe-fixtures";
import { getStripeStatus, refreshStripeAccount, startStripeConnect } from "./connect";
import { stripeClient } from "./client";

const origin = "https://roster.example.test";
const { stripe, configure } = stripeRecorderForFile();

describe("Stripe Connect (P0)", () => {
  it("P0: without STRIPE_SECRET_KEY there is no client, connecting is refused and the studio stays pay-at-the-studio", async () => {
    delete process.env.STRIPE_SECRET_KEY;
    const s = await makeStudio();
    const owner = await s.owner();
    expect(stripeClient()).toBeNull();
    await expect(startStripeConnect(owner, { origin })).rejects.toMatchObject({ code: "stripe_not_configured" });
    expect(await getStripeStatus(owner)).toEqual({
      configured: false,
      accountId: null,
      chargesEnabled: false,
      ready: false,
    });
    expect(stripe.requests).toHaveLength(0);
  });

  it("P0: STRIPE_API_BASE points the SDK at the given host, port and protocol", async () => {
    configure();
    const client = stripeClient()!;
    await client.accounts.retrieve("acct_probe");
    expect(stripe.calls("/v1/accounts/acct_probe", "GET")).toHaveLength(1);
    expect(stripe.requests[0]!.headers.authorization).toBe("Bearer sk_test_roster_recorder");
  });

  it("P0: the owner connects: one Express account stored per studio, an onboarding link back to Settings → Payments", async () => {
    configure();
    const s = await makeStudio();
    const owner = await s.owner();
    const first = await startStripeConnect(owner, { origin });
    expect(first.url).toMatch(/^https:\/\/connect\.stripe\.test\//);

    const [created] = stripe.calls("/v1/accounts", "POST");
    expect(created!.form.type).toBe("express");
    expect(created!.form["metadata[roster_studio_id]"]).toBe(s.studio.id);
    expect(created!.idempotencyKey).toBe(`roster-connect-${s.studio.id}`);
    expect(created!.stripeAccount).toBeNull();

    const [link] = stripe.calls("/v1/account_links", "POST");
    expect(link!.form).toMatchObject({
      account: first.accountId,
      type: "account_onboarding",
      refresh_url: `${origin}/dashboard/settings/payments?onboarding=refresh`,
      return_url: `${origin}/dashboard/settings/payments?onboarding=return`,
    });

    const [row] = await owner.db.select().from(stripeAccounts).where(eq(stripeAccounts.studioId, s.studio.id));
    expect(row).toMatchObject({ accountId: first.accountId, chargesEnabled: false });
    expect(await getStripeStatus(owner)).toMatchObject({ configured: true, accountId: first.accountId, ready: false });

    // "Continue onboarding": the same account, a new link.
    const again = await startStripeConnect(owner, { origin });
    expect(again.accountId).toBe(first.accountId);
    expect(stripe.calls("/v1/accounts", "POST")).toHaveLength(1);
    expect(stripe.calls("/v1/account_links", "POST")).toHaveLength(2);
  });

  it("P0: charges are enabled only once Stripe says so (refresh reads the account)", async () => {
    configure();
    const s = await makeStudio();
    const owner = await s.owner();
    const { accountId } = await startStripeConnect(owner, { origin });
    expect((await refreshStripeAccount(owner)).ready).toBe(false);
    stripe.chargesEnabled = true;
    const status = await refreshStripeAccount(owner);
    expect(status).toEqual({ configured: true, accountId, chargesEnabled: true, ready: true });
    expect(stripe.calls(`/v1/accounts/${accountId}`, "GET")).toHaveLength(2);
  });

  it("P0: only the owner connects or refreshes; an instructor is refused before any Stripe call", async () => {
    configure();
    const s = await makeStudio();
    const instructor = await s.instructor();
    await expect(startStripeConnect(instructor, { origin })).rejects.toMatchObject({ code: "forbidden" });
    await expect(refreshStripeAccount(instructor)).rejects.toMatchObject({ code: "forbidden" });
    expect(stripe.requests).toHaveLength(0);
  });

  it("P0: a bad origin is refused with nothing sent", async () => {
    configure();
    const owner = await (await makeStudio()).owner();
    await expect(startStripeConnect(owner, { origin: "javascript:alert(1)" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect(stripe.requests).toHaveLength(0);
  });
});
