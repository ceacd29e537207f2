import { and, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import {
  membershipPlans,
  promoAppliesTo,
  promoCodes,
  promoRedemptions,
  type MembershipPlan,
  type PromoCode,
} from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { InvalidInputError, isUniqueViolation, NotFoundError, RuleError } from "@/lib/core/errors";
import { requirePermission } from "@/lib/core/permissions";
import { at } from "@/lib/core/sql";
import { isUuid, Money, parseInput } from "@/lib/core/validation";

/** A code as people type it: letters, digits, - and _; matched without regard to case. */
export const PromoCodeText = z
  .string()
  .trim()
  .min(3, { error: "Use at least 3 characters." })
  .max(40, { error: "Use at most 40 characters." })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: "Use letters, digits, - and _." });

const Instant = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))], {
  error: "Use an ISO 8601 time with an offset, e.g. 2026-05-01T09:00:00+02:00.",
});
const Limit = z
  .number({ error: "Enter a whole number." })
  .int({ error: "Enter a whole number." })
  .min(1, { error: "Enter 1 or more." })
  .max(1_000_000);

/** The fields of a promo code (API.md "Policies and offers"); the API body and the settings form both read these. */
export const PromoCodeFields = z.object({
  code: PromoCodeText,
  percentOff: z
    .number({ error: "Enter a whole percentage." })
    .int({ error: "Enter a whole percentage." })
    .min(1, { error: "Enter 1 to 100." })
    .max(100, { error: "Enter 1 to 100." })
    .optional(),
  amountOffCents: Money.refine((c) => c > 0, { error: "Enter an amount above zero." }).optional(),
  planIds: z.array(z.uuid({ error: "Choose plans of this studio." })).min(1, { error: "Choose at least one plan." }),
  validFrom: Instant.optional(),
  validUntil: Instant.optional(),
  maxUses: Limit.optional(),
  maxUsesPerClient: Limit.optional(),
  appliesTo: z.enum(promoAppliesTo.enumValues, { error: "Choose first or every." }).default("first"),
});

/** M12: exactly one kind of discount; the end after the start. */
export function promoCodeRules(
  v: { percentOff?: number; amountOffCents?: number; validFrom?: Date | string; validUntil?: Date | string },
  c: z.RefinementCtx,
): void {
  if ((v.percentOff === undefined) === (v.amountOffCents === undefined))
    c.addIssue({ code: "custom", path: ["percentOff"], message: "Give either a percentage or an amount off." });
  if (v.validFrom && v.validUntil && new Date(v.validUntil) <= new Date(v.validFrom))
    c.addIssue({ code: "custom", path: ["validUntil"], message: "The end must be after the start." });
}

export const CreatePromoCodeInput = PromoCodeFields.strict().superRefine(promoCodeRules);
export type CreatePromoCodeInput = z.input<typeof CreatePromoCodeInput>;

/** A promo code as the API shows it. */
export function toApiPromoCode(p: PromoCode) {
  return {
    id: p.id,
    code: p.code,
    percentOff: p.percentOff,
    amountOffCents: p.amountOffCents,
    planIds: p.planIds,
    validFrom: p.validFrom?.toISOString() ?? null,
    validUntil: p.validUntil?.toISOString() ?? null,
    maxUses: p.maxUses,
    maxUsesPerClient: p.maxUsesPerClient,
    appliesTo: p.appliesTo,
    uses: p.uses,
    active: p.deactivatedAt === null,
    createdAt: p.createdAt.toISOString(),
  };
}

/** M12: creates a promo code for some of the studio's plans. Owners and managers (the people who price plans). */
export async function createPromoCode(ctx: Ctx, raw: CreatePromoCodeInput): Promise<PromoCode> {
  requirePermission(ctx, "plans.manage");
  const input = parseInput(CreatePromoCodeInput, raw);
  return inTransaction(ctx, async (tx) => {
    const planIds = [...new Set(input.planIds)];
    const found = await tx.db
      .select({ id: membershipPlans.id })
      .from(membershipPlans)
      .where(and(eq(membershipPlans.studioId, ctx.studio.id), inArray(membershipPlans.id, planIds)));
    if (found.length !== planIds.length) throw new NotFoundError("Plan");
    let row: PromoCode | undefined;
    try {
      [row] = await tx.db
        .insert(promoCodes)
        .values({
          studioId: ctx.studio.id,
          code: input.code,
          percentOff: input.percentOff ?? null,
          amountOffCents: input.amountOffCents ?? null,
          planIds,
          validFrom: input.validFrom ?? null,
          validUntil: input.validUntil ?? null,
          maxUses: input.maxUses ?? null,
          maxUsesPerClient: input.maxUsesPerClient ?? null,
          appliesTo: input.appliesTo,
          createdAt: ctx.now,
        })
        .returning();
    } catch (e) {
      if (isUniqueViolation(e))
        throw new InvalidInputError("This studio already has that code.", {
          code: ["This studio already has that code."],
        });
      throw e;
    }
    await audit(tx, {
      action: "promo_code.created",
      table: "promo_codes",
      rowId: row!.id,
      data: { code: input.code, percentOff: input.percentOff ?? null, amountOffCents: input.amountOffCents ?? null },
    });
    return row!;
  });
}

/** The studio's promo codes, newest first. Owners and managers. */
export async function listPromoCodes(ctx: Ctx): Promise<PromoCode[]> {
  requirePermission(ctx, "plans.manage");
  return ctx.db
    .select()
    .from(promoCodes)
    .where(eq(promoCodes.studioId, ctx.studio.id))
    .orderBy(desc(promoCodes.createdAt), desc(promoCodes.id));
}

/** M12: a code stops being accepted (its redemptions stay). Owners and managers. */
export async function deactivatePromoCode(ctx: Ctx, id: string): Promise<PromoCode> {
  requirePermission(ctx, "plans.manage");
  if (!isUuid(id)) throw new NotFoundError("Promo code");
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .update(promoCodes)
      .set({ deactivatedAt: sql`coalesce(${promoCodes.deactivatedAt}, ${at(ctx.now)})` })
      .where(and(eq(promoCodes.studioId, ctx.studio.id), eq(promoCodes.id, id)))
      .returning();
    if (!row) throw new NotFoundError("Promo code");
    await audit(tx, { action: "promo_code.deactivated", table: "promo_codes", rowId: id });
    return row;
  });
}

/** What a code takes off a plan's price: a percentage (rounded to the cent) or an amount, never below zero. */
export function discountCents(p: Pick<PromoCode, "percentOff" | "amountOffCents">, priceCents: number): number {
  if (p.percentOff !== null) return Math.round((priceCents * p.percentOff) / 100);
  return Math.min(p.amountOffCents ?? 0, priceCents);
}

const invalid = () => new RuleError("promo_code_invalid", "This promo code is not valid for this plan.");

/** The studio's code as typed (any case), or null. No permission check. */
async function findCode(ctx: Ctx, code: string, opts: { forUpdate?: boolean } = {}): Promise<PromoCode | null> {
  const q = ctx.db
    .select()
    .from(promoCodes)
    .where(and(eq(promoCodes.studioId, ctx.studio.id), sql`lower(${promoCodes.code}) = lower(${code.trim()})`));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

/** M12: refuses a code that is unknown, deactivated, outside its dates, not for this plan, or in another currency. */
function checkApplies(ctx: Ctx, promo: PromoCode | null, plan: Pick<MembershipPlan, "id" | "currency">): PromoCode {
  if (!promo || promo.deactivatedAt) throw invalid();
  if (promo.validFrom && ctx.now < promo.validFrom) throw invalid();
  if (promo.validUntil && ctx.now >= promo.validUntil) throw invalid();
  if (!promo.planIds.includes(plan.id)) throw invalid();
  if (promo.amountOffCents !== null && plan.currency !== ctx.studio.currency) throw invalid();
  return promo;
}

async function usesBy(ctx: Ctx, promoId: string, clientId: string): Promise<number> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(promoRedemptions)
    .where(
      and(
        eq(promoRedemptions.studioId, ctx.studio.id),
        eq(promoRedemptions.promoCodeId, promoId),
        eq(promoRedemptions.clientId, clientId),
      ),
    );
  return row?.n ?? 0;
}

const usedUp = (mine: boolean) =>
  new RuleError(
    "promo_code_used_up",
    mine ? "You have already used this promo code as often as it allows." : "This promo code has been used up.",
  );

export type PromoQuote = {
  code: string;
  promoCodeId: string;
  priceCents: number;
  amountOffCents: number;
  dueCents: number;
  appliesTo: PromoCode["appliesTo"];
};

/**
 * M12: what a code would take off a plan for a client, checked by the same
 * rules as the redemption (validity, plan, limits) but writing nothing. For
 * the price shown in the portal and embed checkout and at the desk; the
 * redemption itself checks again, race-safely. No permission check.
 */
export async function loadPromoQuote(
  ctx: Ctx,
  p: { code: string; plan: Pick<MembershipPlan, "id" | "currency" | "priceCents">; clientId: string | null },
): Promise<PromoQuote> {
  const promo = checkApplies(ctx, await findCode(ctx, p.code), p.plan);
  if (promo.maxUses !== null && promo.uses >= promo.maxUses) throw usedUp(false);
  if (
    p.clientId &&
    promo.maxUsesPerClient !== null &&
    (await usesBy(ctx, promo.id, p.clientId)) >= promo.maxUsesPerClient
  )
    throw usedUp(true);
  const off = discountCents(promo, p.plan.priceCents);
  return {
    code: promo.code,
    promoCodeId: promo.id,
    priceCents: p.plan.priceCents,
    amountOffCents: off,
    dueCents: p.plan.priceCents - off,
    appliesTo: promo.appliesTo,
  };
}

/** M12: a member (or staff) asks what a code takes off a plan, before buying. */
export async function quotePromoCode(
  ctx: Ctx,
  p: { code: string; plan: Pick<MembershipPlan, "id" | "currency" | "priceCents"> },
): Promise<PromoQuote> {
  requirePermission(ctx, "memberships.read", { orMember: true });
  const parsed = PromoCodeText.safeParse(p.code);
  if (!parsed.success) throw invalid();
  return loadPromoQuote(ctx, {
    code: parsed.data,
    plan: p.plan,
    clientId: ctx.actor.kind === "member" ? ctx.actor.clientId : null,
  });
}

/**
 * M12 inside a purchase's transaction: redeems a code for a new membership.
 * The per-client limit is checked under a lock of (code, client); the total
 * limit by one conditional UPDATE (`uses < max_uses`), so at the last use of a
 * code two racing buyers cannot both get it. Returns the amount taken off the
 * first payment. No permission check: the selling verb has made it.
 */
export async function redeemPromoCode(
  ctx: Ctx,
  p: {
    code: string;
    plan: Pick<MembershipPlan, "id" | "currency" | "priceCents">;
    clientId: string | null;
    membershipId: string;
  },
): Promise<PromoQuote> {
  if (!p.clientId) throw new RuleError("promo_code_invalid", "A promo code is for a person, not for a company.");
  const promo = checkApplies(ctx, await findCode(ctx, p.code), p.plan);
  await ctx.db.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`promo:${ctx.studio.id}:${promo.id}:${p.clientId}`}))`,
  );
  if (promo.maxUsesPerClient !== null && (await usesBy(ctx, promo.id, p.clientId)) >= promo.maxUsesPerClient)
    throw usedUp(true);
  const [taken] = await ctx.db
    .update(promoCodes)
    .set({ uses: sql`${promoCodes.uses} + 1` })
    .where(
      and(
        eq(promoCodes.studioId, ctx.studio.id),
        eq(promoCodes.id, promo.id),
        isNull(promoCodes.deactivatedAt),
        sql`(${promoCodes.maxUses} is null or ${promoCodes.uses} < ${promoCodes.maxUses})`,
      ),
    )
    .returning({ id: promoCodes.id });
  if (!taken) throw usedUp(false);
  const off = discountCents(promo, p.plan.priceCents);
  await ctx.db.insert(promoRedemptions).values({
    studioId: ctx.studio.id,
    promoCodeId: promo.id,
    clientId: p.clientId,
    membershipId: p.membershipId,
    amountOffCents: off,
    createdAt: ctx.now,
  });
  await audit(ctx, {
    action: "promo_code.redeemed",
    table: "promo_codes",
    rowId: promo.id,
    data: { membershipId: p.membershipId, amountOffCents: off },
  });
  return {
    code: promo.code,
    promoCodeId: promo.id,
    priceCents: p.plan.priceCents,
    amountOffCents: off,
    dueCents: p.plan.priceCents - off,
    appliesTo: promo.appliesTo,
  };
}

/** The code row by its text, for the Stripe coupon. No permission check. */
export async function loadPromoCode(ctx: Ctx, code: string): Promise<PromoCode | null> {
  return findCode(ctx, code);
}

/** Records the Stripe coupon made for a code on the studio's connected account, once. No permission check. */
export async function savePromoCoupon(ctx: Ctx, id: string, couponId: string): Promise<void> {
  await ctx.db
    .update(promoCodes)
    .set({ stripeCouponId: couponId })
    .where(and(eq(promoCodes.studioId, ctx.studio.id), eq(promoCodes.id, id), isNull(promoCodes.stripeCouponId)));
}
