import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { z } from "zod";
import { checkouts, clients, type Checkout } from "@/db/schema";
import { canBook } from "@/lib/bookings";
import { loadSession } from "@/lib/bookings/internal";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requireMemberActor } from "@/lib/core/permissions";
import { ForbiddenError, NotFoundError, RuleError } from "@/lib/core/errors";
import { formatDateTime } from "@/lib/core/format";
import { isUuid, parseInput } from "@/lib/core/validation";
import { requireSignedForms } from "@/lib/forms/internal";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { getPlan } from "@/lib/plans/plans";
import { loadPromoQuote, PromoCodeText, type PromoQuote } from "@/lib/offers/promo-codes";
import { ensurePromoCoupon } from "./promo-coupon";
import { Origin } from "@/lib/studios/settings";
import { getStripeStatus, studioStripe, stripeFailure } from "./connect";

/** What a member buys through Checkout: a public plan, or a drop-in place in one session. */
export const StartCheckoutInput = z.union(
  [
    z.object({ planId: z.uuid({ error: "Choose a plan." }), origin: Origin, promoCode: PromoCodeText.optional() }),
    z.object({ sessionId: z.uuid({ error: "Choose a session." }), origin: Origin }),
  ],
  { error: "Choose a plan or a session." },
);
export type StartCheckoutInput = z.input<typeof StartCheckoutInput>;
type What = { planId: string; promoCode?: string } | { sessionId: string };

/** An open checkout is reused for a repeated click for this long: inside Stripe's 24 hours of idempotency and session life. */
const REUSE_OPEN_FOR_MS = 23 * 3600_000;

/** The idempotency key of the Checkout Session of one of our checkout rows. */
export function checkoutIdempotencyKey(checkoutId: string): string {
  return `roster-checkout-${checkoutId}`;
}

type Purchase = {
  kind: "membership" | "drop_in";
  planId: string | null;
  classSessionId: string | null;
  amountCents: number;
  currency: string;
  name: string;
  /** Recurring plans are sold as subscriptions billed every interval (M1). */
  interval: "week" | "month" | "year" | null;
  /** M12: the code entered and what it takes off (amountCents is already the discounted first payment). */
  promo: PromoQuote | null;
};

class DryRunDone<T> extends Error {
  constructor(readonly value: T) {
    super("dry run");
  }
}

/**
 * Runs a selling verb inside a transaction that is always rolled back, so a
 * plan's purchase is checked by exactly the rules that will grant it later (E1,
 * S5) without writing anything and without a second copy of them. (A drop-in
 * is checked by canBook, which reads without writing or locking.)
 */
async function dryRun<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  try {
    await inTransaction(ctx, async (tx) => {
      throw new DryRunDone(await fn(tx));
    });
  } catch (e) {
    if (e instanceof DryRunDone) return e.value as T;
    throw e;
  }
  throw new Error("unreachable: the dry run always rolls back");
}

function memberClientId(ctx: Ctx): string {
  requireMemberActor(ctx);
  if (ctx.actor.kind !== "member") throw new ForbiddenError("Only a member buys through the portal's checkout.");
  return ctx.actor.clientId;
}

/** What the member would buy, refused by the same rules as the purchase or booking itself; nothing is written. */
async function describePurchase(ctx: Ctx, clientId: string, what: What): Promise<Purchase> {
  if ("planId" in what) {
    const plan = await getPlan(ctx, what.planId);
    // E1 (public plans only), archived plans, S5 (no second usable pack), M11 (intro offers), M12 (the code's
    // validity and limits): assignMembership's own checks.
    const promoCode = what.promoCode;
    await dryRun(ctx, (tx) => assignMembership(tx, { planId: plan.id, clientId, source: "purchase", promoCode }));
    const promo = promoCode ? await loadPromoQuote(ctx, { code: promoCode, plan, clientId }) : null;
    return {
      kind: "membership",
      planId: plan.id,
      classSessionId: null,
      promo,
      amountCents: promo ? promo.dueCents : plan.priceCents,
      currency: plan.currency,
      name: plan.name,
      interval: plan.kind === "recurring" ? plan.interval : null,
    };
  }
  const { session, cls } = await loadSession(ctx, what.sessionId);
  await requireSignedForms(ctx, clientId, { classId: cls.id }); // F1 (a plan's forms: assignMembership's dry run above)
  // B1, B2, S4, M1: the session is bookable and who pays is chosen by bookSession's own steps, read-only
  // (canBook: no write, no lock on the session's row).
  const preview = await canBook(ctx, { sessionId: session.id });
  if (preview.membershipId)
    throw new RuleError("membership_covers", "Your membership covers this class: book it without paying.");
  return {
    kind: "drop_in",
    planId: null,
    classSessionId: session.id,
    amountCents: preview.priceCents ?? 0,
    currency: preview.currency,
    name: `Drop-in: ${cls.title}, ${formatDateTime(session.startsAt, ctx.studio.timezone)}`,
    interval: null,
    promo: null,
  };
}

/**
 * P0: whether this purchase goes through Stripe Checkout (card payments on and
 * something to pay) rather than "pay at the studio". Refuses as the purchase
 * itself would, so the portal can show the rule's message either way.
 */
export async function checkoutNeeded(ctx: Ctx, raw: What): Promise<boolean> {
  const clientId = memberClientId(ctx);
  if (!(await getStripeStatus(ctx)).ready) return false;
  if ("planId" in raw ? !isUuid(raw.planId) : !isUuid(raw.sessionId))
    throw new NotFoundError("planId" in raw ? "Plan" : "Session");
  return (await describePurchase(ctx, clientId, raw)).amountCents > 0;
}

/** Our open checkout for the same purchase (a repeated click), or a new row; serialised per client and purchase. */
async function openCheckoutRow(ctx: Ctx, clientId: string, p: Purchase): Promise<{ row: Checkout; reused: boolean }> {
  return inTransaction(ctx, async (tx) => {
    const target = p.planId ?? p.classSessionId!;
    await tx.db.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`checkout:${ctx.studio.id}:${clientId}:${target}`}))`,
    );
    const [open] = await tx.db
      .select()
      .from(checkouts)
      .where(
        and(
          eq(checkouts.studioId, ctx.studio.id),
          eq(checkouts.clientId, clientId),
          eq(checkouts.status, "open"),
          p.planId ? eq(checkouts.planId, p.planId) : eq(checkouts.classSessionId, p.classSessionId!),
          eq(checkouts.amountCents, p.amountCents),
          eq(checkouts.currency, p.currency),
          p.promo ? eq(checkouts.promoCode, p.promo.code) : isNull(checkouts.promoCode),
          gt(checkouts.createdAt, new Date(ctx.now.getTime() - REUSE_OPEN_FOR_MS)),
        ),
      )
      .orderBy(desc(checkouts.createdAt))
      .limit(1);
    if (open) return { row: open, reused: true };
    const [row] = await tx.db
      .insert(checkouts)
      .values({
        studioId: ctx.studio.id,
        clientId,
        kind: p.kind,
        planId: p.planId,
        classSessionId: p.classSessionId,
        amountCents: p.amountCents,
        currency: p.currency,
        promoCode: p.promo?.code ?? null,
        createdAt: ctx.now,
      })
      .returning();
    await audit(tx, {
      action: "checkout.started",
      table: "checkouts",
      rowId: row!.id,
      data: { kind: p.kind, amountCents: p.amountCents },
    });
    return { row: row!, reused: false };
  });
}

/**
 * The client's Stripe customer on the studio's connected account, created once
 * and kept in `clients.stripe_customer_id` (the idempotency key is the client's
 * id, so two racing purchases make one customer).
 */
async function ensureCustomer(ctx: Ctx, stripe: Stripe, accountId: string, clientId: string): Promise<string> {
  const [client] = await ctx.db
    .select({ id: clients.id, name: clients.name, email: clients.email, stripeCustomerId: clients.stripeCustomerId })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, clientId), isNull(clients.erasedAt)));
  if (!client) throw new NotFoundError("Client");
  if (client.stripeCustomerId) return client.stripeCustomerId;
  let customer: Stripe.Customer;
  try {
    customer = await stripe.customers.create(
      {
        email: client.email ?? undefined,
        name: client.name,
        metadata: { roster_client_id: client.id, roster_studio_id: ctx.studio.id },
      },
      { stripeAccount: accountId, idempotencyKey: `roster-customer-${client.id}` },
    );
  } catch (e) {
    stripeFailure(e, "set up your payment");
  }
  const [saved] = await ctx.db
    .update(clients)
    .set({ stripeCustomerId: customer.id })
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, client.id), isNull(clients.stripeCustomerId)))
    .returning({ id: clients.stripeCustomerId });
  if (saved?.id) return saved.id;
  const [again] = await ctx.db
    .select({ id: clients.stripeCustomerId })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, client.id)));
  return again?.id ?? customer.id;
}

/**
 * P0: a member buys a plan or a drop-in place by card. The purchase is checked
 * first by the very rules that grant it (E1, S5, B1, B2 — nothing is sent to
 * Stripe when they refuse), then our `checkouts` row is written (its id is the
 * idempotency key: a repeated click reuses the open row, and Stripe answers the
 * same key with the same session, so nobody pays twice), the client's Stripe
 * customer is ensured, and a Checkout Session is created on the studio's
 * connected account: a subscription for recurring plans, a one-off payment for
 * packs, fixed plans and drop-ins. Nothing is granted here: the webhook grants
 * the membership or booking once Stripe says it was paid. Returns the URL to
 * open top-level (Checkout refuses to run in an iframe).
 */
export async function startCheckout(
  ctx: Ctx,
  raw: StartCheckoutInput,
): Promise<{ url: string; checkoutId: string; reused: boolean }> {
  const clientId = memberClientId(ctx);
  const input = parseInput(StartCheckoutInput, raw);
  const connected = await studioStripe(ctx, { requireCharges: true });
  if (!connected) {
    throw new RuleError(
      "stripe_not_ready",
      `${ctx.studio.name} does not take card payments online yet. Buy it and pay at the studio.`,
    );
  }
  const what: What =
    "planId" in input ? { planId: input.planId, promoCode: input.promoCode } : { sessionId: input.sessionId };
  const purchase = await describePurchase(ctx, clientId, what);
  if (purchase.amountCents <= 0)
    throw new RuleError("nothing_to_pay", "There is nothing to pay for this: take it without checkout.");

  const { row, reused } = await openCheckoutRow(ctx, clientId, purchase);
  const { stripe, accountId } = connected;
  const customer = await ensureCustomer(ctx, stripe, accountId, clientId);
  const coupon = purchase.promo ? await ensurePromoCoupon(ctx, stripe, accountId, purchase.promo.code) : null;

  const metadata = {
    roster_checkout_id: row.id,
    roster_studio_id: ctx.studio.id,
    roster_client_id: clientId,
    roster_kind: purchase.kind,
    ...(purchase.planId ? { roster_plan_id: purchase.planId } : {}),
    ...(purchase.classSessionId ? { roster_session_id: purchase.classSessionId } : {}),
  };
  const portal = `${input.origin}/s/${ctx.studio.slug}/checkout`;
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: purchase.interval ? "subscription" : "payment",
    customer,
    client_reference_id: row.id,
    metadata,
    ...(coupon ? { discounts: [{ coupon }] } : {}),
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: purchase.currency.toLowerCase(),
          unit_amount: purchase.promo ? purchase.promo.priceCents : purchase.amountCents,
          product_data: { name: purchase.name },
          ...(purchase.interval ? { recurring: { interval: purchase.interval } } : {}),
        },
      },
    ],
    success_url: `${portal}/success?checkout=${row.id}`,
    cancel_url: `${portal}/cancelled?checkout=${row.id}`,
    // B9: the card is saved for off-session fees (a subscription keeps its card by itself).
    ...(purchase.interval
      ? { subscription_data: { metadata } }
      : { payment_intent_data: { metadata, setup_future_usage: "off_session" } }),
  };

  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.create(params, {
      stripeAccount: accountId,
      idempotencyKey: checkoutIdempotencyKey(row.id),
    });
  } catch (e) {
    stripeFailure(e, "open the payment page");
  }
  if (!session.url) throw new RuleError("stripe_error", "Stripe did not return a payment page. Try again in a moment.");
  await ctx.db
    .update(checkouts)
    .set({ stripeCheckoutSessionId: session.id })
    .where(
      and(eq(checkouts.studioId, ctx.studio.id), eq(checkouts.id, row.id), isNull(checkouts.stripeCheckoutSessionId)),
    );
  return { url: session.url, checkoutId: row.id, reused };
}

/** One of the member's own checkouts, for the return pages; another client's or studio's reads as not found. */
export async function getMyCheckout(ctx: Ctx, id: string): Promise<Checkout> {
  const clientId = memberClientId(ctx);
  if (!isUuid(id)) throw new NotFoundError("Checkout");
  const [row] = await ctx.db
    .select()
    .from(checkouts)
    .where(and(eq(checkouts.studioId, ctx.studio.id), eq(checkouts.id, id), eq(checkouts.clientId, clientId)));
  if (!row) throw new NotFoundError("Checkout");
  return row;
}
