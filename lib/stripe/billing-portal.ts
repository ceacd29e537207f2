import { and, eq, isNull } from "drizzle-orm";
import type Stripe from "stripe";
import { z } from "zod";
import { clients } from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requireMemberActor } from "@/lib/core/permissions";
import { ForbiddenError, NotFoundError, RuleError } from "@/lib/core/errors";
import { parseInput } from "@/lib/core/validation";
import { Origin } from "@/lib/studios/settings";
import { studioStripe, stripeFailure } from "./connect";

export const OpenBillingPortalInput = z.object({ origin: Origin });

/**
 * P0 self-service: the member updates the card (and sees invoices) in
 * Stripe's billing portal, for its own customer on the studio's connected
 * account. A client who never paid by card has nothing there: a clear refusal.
 */
export async function openBillingPortal(
  ctx: Ctx,
  raw: z.input<typeof OpenBillingPortalInput>,
): Promise<{ url: string }> {
  requireMemberActor(ctx);
  if (ctx.actor.kind !== "member") throw new ForbiddenError("Only the member opens their own billing page.");
  const { origin } = parseInput(OpenBillingPortalInput, raw);
  const [client] = await ctx.db
    .select({ stripeCustomerId: clients.stripeCustomerId })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, ctx.actor.clientId), isNull(clients.erasedAt)));
  if (!client) throw new NotFoundError("Client");
  const connected = await studioStripe(ctx, { requireCharges: false });
  if (!client.stripeCustomerId || !connected) {
    throw new RuleError(
      "no_card_on_file",
      `You have no card on file with ${ctx.studio.name}: there is nothing to update. You pay at the studio.`,
    );
  }
  let session: Stripe.BillingPortal.Session;
  try {
    session = await connected.stripe.billingPortal.sessions.create(
      { customer: client.stripeCustomerId, return_url: `${origin}/s/${ctx.studio.slug}/memberships` },
      { stripeAccount: connected.accountId },
    );
  } catch (e) {
    stripeFailure(e, "open your billing page");
  }
  return { url: session.url };
}
