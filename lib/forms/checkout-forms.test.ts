import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { checkouts } from "@/db/schema";
import { startCheckout } from "@/lib/stripe/checkout";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { stripeRecorderForFile } from "@/test/support/stripe-fixtures";
import { createForm } from "./forms";
import { signForm } from "./sign-form";

const origin = "https://roster.example.test";
const { stripe, connect } = stripeRecorderForFile({ useForWholeFile: true });

describe("F1 at Stripe Checkout (P0)", () => {
  it("F1: starting a checkout for a plan or a drop-in that needs an unsigned form is refused before Stripe is called; signing unlocks it", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    await connect(owner);
    const plan = await makePlan(owner, PLANS.pack(8, 60, { public: true }));
    const { cls, session } = await makeSession(owner, { startsAt: new Date(Date.now() + 3 * 86400_000) });
    const form = await createForm(owner, {
      title: "Waiver",
      body: "At your own risk.",
      requiredFor: { planIds: [plan.id], classIds: [cls.id] },
    });
    const client = await makeClient(owner, "Maja");
    const member = await s.ctx({ kind: "member", userId: null, clientId: client.id });
    stripe.clear();

    for (const what of [{ planId: plan.id }, { sessionId: session.id }]) {
      await expect(startCheckout(member, { ...what, origin })).rejects.toMatchObject({
        code: "form_required",
        details: { form: { id: form.id } },
      });
    }
    expect(stripe.calls(/checkout\/sessions/)).toHaveLength(0);
    const rows = await owner.db
      .select()
      .from(checkouts)
      .where(and(eq(checkouts.studioId, s.studio.id), eq(checkouts.clientId, client.id)));
    expect(rows).toHaveLength(0);

    await signForm(
      member,
      { formId: form.id, versionId: form.versionId, fullName: "Maja M", agree: true },
      { ipAddress: null, userAgent: null },
    );
    const started = await startCheckout(member, { planId: plan.id, origin });
    expect(started.url).toMatch(/^https?:/);
  });
});
