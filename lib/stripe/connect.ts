import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { z } from "zod";
import { stripeAccounts, type StripeAccount } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { RuleError } from "@/lib/core/errors";
import { parseInput } from "@/lib/core/validation";
import { Origin } from "@/lib/studios/settings";
import { isStripeError, stripeClient } from "./client";

/** Where the owner manages the connection; Stripe's onboarding sends them back here. */
export const PAYMENTS_SETTINGS_PATH = "/dashboard/settings/payments";

export type StripeStatus = {
  /** The platform has a Stripe key (`STRIPE_SECRET_KEY`). */
  configured: boolean;
  accountId: string | null;
  chargesEnabled: boolean;
  /** Card payments are on: configured, connected and able to charge. Otherwise: "pay at the studio" (P0). */
  ready: boolean;
};

async function accountRow(ctx: Ctx): Promise<StripeAccount | null> {
  const [row] = await ctx.db.select().from(stripeAccounts).where(eq(stripeAccounts.studioId, ctx.studio.id));
  return row ?? null;
}

/**
 * P0: whether this studio takes card payments through Stripe. Until the
 * platform has a key and the studio's connected account can take charges,
 * purchases are "pay at the studio". Anyone of the studio may ask (the portal
 * decides between Checkout and a payment due); no secret is returned.
 */
export async function getStripeStatus(ctx: Ctx): Promise<StripeStatus> {
  requirePermission(ctx, "schedule.read", { orMember: true });
  const configured = stripeClient() !== null;
  const row = await accountRow(ctx);
  const chargesEnabled = row?.chargesEnabled ?? false;
  return { configured, accountId: row?.accountId ?? null, chargesEnabled, ready: configured && chargesEnabled };
}

/**
 * The Stripe client and the studio's connected account, for calls made on the
 * studio's behalf (`stripeAccount`), or null when Stripe is not configured or
 * the studio has not connected. `requireCharges`: also null until the account
 * can take charges.
 */
export async function studioStripe(
  ctx: Ctx,
  opts: { requireCharges: boolean },
): Promise<{ stripe: Stripe; accountId: string } | null> {
  const stripe = stripeClient();
  if (!stripe) return null;
  const row = await accountRow(ctx);
  if (!row || (opts.requireCharges && !row.chargesEnabled)) return null;
  return { stripe, accountId: row.accountId };
}

/** A Stripe failure as the typed refusal people see; our own bugs still propagate. */
export function stripeFailure(e: unknown, doing: string): never {
  if (isStripeError(e))
    throw new RuleError(
      "stripe_error",
      `Stripe could not ${doing} just now (${e.message}). Nothing was charged; try again in a moment.`,
    );
  throw e;
}

export const StartStripeConnectInput = z.object({ origin: Origin });

/**
 * P0 (Connect): the owner connects the studio's own Stripe account. The first
 * call creates an Express account on the platform (one per studio: the
 * idempotency key is the studio's id, and the row's primary key is the studio)
 * and stores its id; every call returns a fresh onboarding link that comes back
 * to Settings → Payments. Charges stay off until Stripe says otherwise
 * (`refreshStripeAccount`).
 */
export async function startStripeConnect(
  ctx: Ctx,
  raw: z.input<typeof StartStripeConnectInput>,
): Promise<{ url: string; accountId: string }> {
  requirePermission(ctx, "stripe.manage");
  const { origin } = parseInput(StartStripeConnectInput, raw);
  const stripe = stripeClient();
  if (!stripe)
    throw new RuleError(
      "stripe_not_configured",
      "Stripe is not configured on this Roster (STRIPE_SECRET_KEY). Members pay at the studio.",
    );

  let row = await accountRow(ctx);
  if (!row) {
    let account: Stripe.Account;
    try {
      account = await stripe.accounts.create(
        {
          type: "express",
          metadata: { roster_studio_id: ctx.studio.id },
          business_profile: { name: ctx.studio.name },
        },
        { idempotencyKey: `roster-connect-${ctx.studio.id}` },
      );
    } catch (e) {
      stripeFailure(e, "create the studio's account");
    }
    await ctx.db
      .insert(stripeAccounts)
      .values({
        studioId: ctx.studio.id,
        accountId: account.id,
        chargesEnabled: account.charges_enabled ?? false,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .onConflictDoNothing();
    row = (await accountRow(ctx))!;
    if (row.accountId === account.id) {
      await audit(ctx, {
        action: "stripe.account_connected",
        table: "stripe_accounts",
        rowId: ctx.studio.id,
        data: { accountId: account.id },
      });
    }
  }

  const back = `${origin}${PAYMENTS_SETTINGS_PATH}`;
  try {
    const link = await stripe.accountLinks.create({
      account: row.accountId,
      type: "account_onboarding",
      refresh_url: `${back}?onboarding=refresh`,
      return_url: `${back}?onboarding=return`,
    });
    return { url: link.url, accountId: row.accountId };
  } catch (e) {
    stripeFailure(e, "start onboarding");
  }
}

/**
 * P0: reads the connected account back from Stripe and stores whether it can
 * take charges; card payments start only once it can. No account: the status
 * as it is.
 */
export async function refreshStripeAccount(ctx: Ctx): Promise<StripeStatus> {
  requirePermission(ctx, "stripe.manage");
  const stripe = stripeClient();
  const row = await accountRow(ctx);
  if (!stripe || !row) return getStripeStatus(ctx);
  let account: Stripe.Account;
  try {
    account = await stripe.accounts.retrieve(row.accountId);
  } catch (e) {
    stripeFailure(e, "read the studio's account");
  }
  const chargesEnabled = account.charges_enabled === true;
  if (chargesEnabled !== row.chargesEnabled) {
    await ctx.db
      .update(stripeAccounts)
      .set({ chargesEnabled, updatedAt: ctx.now })
      .where(and(eq(stripeAccounts.studioId, ctx.studio.id), eq(stripeAccounts.accountId, row.accountId)));
    await audit(ctx, {
      action: "stripe.account_updated",
      table: "stripe_accounts",
      rowId: ctx.studio.id,
      data: { chargesEnabled },
    });
  }
  return getStripeStatus(ctx);
}
