import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checkouts, memberships, payments } from "@/db/schema";
import { makeStudio } from "@/test/support/fixtures";
import { makePlan, PLANS } from "@/test/support/membership-fixtures";
import { stripeRecorderForFile } from "@/test/support/stripe-fixtures";
import { acceptEmbedToken, embedMemberContext, joinFromEmbed, rotateEmbedSecret } from "./embed";
import { mintEmbedToken } from "./token";

const origin = "https://roster.example.test";
const { stripe, connect } = stripeRecorderForFile({ useForWholeFile: true });

describe("E1 + P0: joining from the embed when the studio takes cards", () => {
  it("a token-injected visitor's paid plan opens Stripe Checkout on the studio's account and grants nothing until paid; a free plan joins at once", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const accountId = await connect(owner);
    const secret = await rotateEmbedSecret(owner);
    const monthly = await makePlan(owner, PLANS.monthly({ public: true }));
    const trial = await makePlan(owner, PLANS.fixed(7, { public: true, name: "Free week", priceCents: 0 }));
    const sys = { ...(await s.system()), studio: { ...s.studio, embedSecret: secret } };
    const visitor = await acceptEmbedToken(
      sys,
      mintEmbedToken(secret, { iss: s.studio.slug, sub: "w1", email: "web.visitor@example.test", name: "Web Visitor" }),
    );
    const ctx = (await embedMemberContext(owner.db, s.studio, visitor, new Date()))!;
    stripe.clear();

    const paid = await joinFromEmbed(ctx, { planId: monthly.id, origin });
    expect(paid).toMatchObject({ kind: "checkout", url: expect.stringMatching(/^https?:\/\//) });
    const [session] = stripe.calls("/v1/checkout/sessions", "POST");
    expect(session!.stripeAccount).toBe(accountId);
    expect(session!.form).toMatchObject({
      mode: "subscription",
      "metadata[roster_client_id]": visitor.clientId,
      "line_items[0][price_data][unit_amount]": "9900",
    });
    const where = and(eq(memberships.studioId, s.studio.id), eq(memberships.clientId, visitor.clientId));
    expect(await owner.db.select().from(memberships).where(where)).toHaveLength(0);
    expect(await owner.db.select().from(checkouts).where(eq(checkouts.clientId, visitor.clientId))).toHaveLength(1);

    const free = await joinFromEmbed(ctx, { planId: trial.id, origin });
    expect(free.kind).toBe("joined");
    expect((await owner.db.select().from(memberships).where(where)).map((m) => m.source)).toEqual(["embed"]);
    expect(await owner.db.select().from(payments).where(eq(payments.clientId, visitor.clientId))).toHaveLength(0);
  });
});
