import { and, eq, sql } from "drizzle-orm";
import { at } from "@/lib/core/sql";
import { z } from "zod";
import { clients, companies, companyClients, memberships, type Membership } from "@/db/schema";
import { getClient } from "@/lib/clients/get-client";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { InvalidInputError, NotFoundError, RuleError } from "@/lib/core/errors";
import { Email, parseInput, PersonName } from "@/lib/core/validation";
import { requireSignedForms } from "@/lib/forms/internal";
import { insertPayment, StaffPaymentMethod } from "@/lib/payments/payments";
import { getPlan } from "@/lib/plans/plans";
import { enforceIntroOffer } from "@/lib/offers/intro-offer";
import { PromoCodeText, redeemPromoCode } from "@/lib/offers/promo-codes";
import { grantsRights } from "./effective-status";
import { changeSessions } from "./ledger";
import { Instant, MembershipSource, periodEnd } from "./membership-input";

/** The fields of a membership given by hand; the API's body is these (STYLE Dec 2026 #3), with `assignMembershipRules`. */
export const AssignMembershipFields = z.object({
  planId: z.uuid({ error: "Choose a plan." }),
  clientId: z.uuid().optional(),
  email: Email.optional(),
  name: PersonName.optional(),
  companyId: z.uuid().optional(),
  startsAt: Instant.optional(),
  endsAt: Instant.optional(),
  /** Sessions left at the start (an imported pack half used); defaults to the plan's pack size. */
  sessionsRemaining: z.number().int().min(0).max(1000).optional(),
  /** A sale at the desk: how it was paid, or null when the payment is due. Omitted: due (if the plan costs anything). */
  paymentMethod: StaffPaymentMethod.nullable().optional(),
  paypalSubscriptionId: z.string().trim().min(1).max(100).optional(),
  source: MembershipSource.default("staff"),
  /** M12: a promo code for the first (or every) payment; matched without regard to case. */
  promoCode: PromoCodeText.optional(),
  /** M11: staff sell an intro offer to a client who is not new, saying why (audited). */
  overrideReason: z.string().trim().min(3, { error: "Say why, in a few words." }).max(500).optional(),
});

/** M6, M7: one holder; a name only with an email (a client that may be new, C1); the end after the start. Every door. */
export function assignMembershipRules(
  v: {
    clientId?: string;
    email?: string;
    name?: string;
    companyId?: string;
    startsAt?: Date | string;
    endsAt?: Date | string;
  },
  c: z.RefinementCtx,
): void {
  const holders = [v.clientId, v.email, v.companyId].filter(Boolean).length;
  if (holders !== 1)
    c.addIssue({ code: "custom", path: ["clientId"], message: "Give exactly one of clientId, email or companyId." });
  if (v.name !== undefined && !v.email) {
    c.addIssue({ code: "custom", path: ["name"], message: "A name goes with an email, for a client that may be new." });
  }
  if (v.startsAt && v.endsAt && new Date(v.endsAt) <= new Date(v.startsAt))
    c.addIssue({ code: "custom", path: ["endsAt"], message: "The end must be after the start." });
}

export const AssignMembershipInput = AssignMembershipFields.superRefine(assignMembershipRules);
export type AssignMembershipInput = z.input<typeof AssignMembershipInput>;

/**
 * Gives a plan to a client or a company (M5, M6), the one way a membership
 * comes to exist. A client known only by email is found or created (C1); a
 * session pack records its purchase in the ledger (S2); a sale at the desk
 * records its payment or payment due (P0); the client's member-since is set
 * once (C3). A company may not hold a session pack (M7). A member buying a pack
 * again is refused while an earlier pack of the plan is still usable (S5).
 * The same holder, plan and start twice is one membership (M10): the second
 * call returns the first with `created: false`.
 */
export async function assignMembership(
  ctx: Ctx,
  raw: AssignMembershipInput,
): Promise<{ membership: Membership; created: boolean }> {
  requirePermission(ctx, "memberships.sell", { orMember: true });
  const input = parseInput(AssignMembershipInput, raw);
  if (ctx.actor.kind === "member" && (input.clientId !== ctx.actor.clientId || input.companyId || input.email)) {
    throw new NotFoundError("Client");
  }

  return inTransaction(ctx, async (tx) => {
    const plan = await getPlan(tx, input.planId);
    // A member buys only what the studio offers publicly (E1); staff may sell any plan.
    if (ctx.actor.kind === "member" && !plan.public) throw new NotFoundError("Plan");
    if (plan.archivedAt) throw new RuleError("plan_archived", "This plan is archived and no longer sold.");

    let clientId: string | null = null;
    let companyId: string | null = null;
    if (input.companyId) {
      const [company] = await tx.db
        .select({ id: companies.id })
        .from(companies)
        .where(and(eq(companies.studioId, ctx.studio.id), eq(companies.id, input.companyId)));
      if (!company) throw new NotFoundError("Company");
      if (plan.kind === "sessions") {
        throw new RuleError(
          "pack_not_for_company",
          "A session pack cannot be held by a company (M7). Give it to a person instead.",
        );
      }
      companyId = company.id;
    } else if (input.email) {
      const { client } = await findOrCreateClient(tx, {
        email: input.email,
        name: input.name ?? input.email.split("@")[0]!,
        source: input.source === "import" ? "import" : "membership",
      });
      clientId = client.id;
    } else {
      clientId = ctx.actor.kind === "member" ? ctx.actor.clientId : (await getClient(tx, input.clientId!)).id;
    }

    // M11: an intro offer only for a client with no earlier purchase or booking (staff may override, audited).
    if (input.source !== "import") await enforceIntroOffer(tx, plan, clientId, input.overrideReason);

    if (clientId && input.source !== "import") await requireSignedForms(tx, clientId, { planId: plan.id }); // F1
    if (
      clientId &&
      plan.kind === "sessions" &&
      (ctx.actor.kind === "member" || input.source === "purchase" || input.source === "embed")
    ) {
      await refuseWhilePackUsable(tx, clientId, plan.id);
    }

    const startsAt = input.startsAt ?? ctx.now;
    const endsAt = input.endsAt ?? periodEnd(plan, startsAt);
    if (endsAt && endsAt <= startsAt)
      throw new InvalidInputError("The end must be after the start.", { endsAt: ["The end must be after the start."] });
    const [inserted] = await tx.db
      .insert(memberships)
      .values({
        studioId: ctx.studio.id,
        planId: plan.id,
        clientId,
        companyId,
        status: "active",
        source: input.source,
        startsAt,
        endsAt,
        sessionsTotal: plan.kind === "sessions" ? plan.sessions : null,
        sessionsRemaining: plan.kind === "sessions" ? 0 : null,
        paypalSubscriptionId: input.paypalSubscriptionId ?? null,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .onConflictDoNothing()
      .returning();

    if (!inserted) {
      const [existing] = await tx.db
        .select()
        .from(memberships)
        .where(
          and(
            eq(memberships.studioId, ctx.studio.id),
            eq(memberships.clientId, clientId!),
            eq(memberships.planId, plan.id),
            eq(memberships.startsAt, startsAt),
          ),
        );
      return { membership: existing!, created: false };
    }

    let membership = inserted;
    if (plan.kind === "sessions") {
      const size = input.sessionsRemaining ?? plan.sessions!;
      const remaining = await changeSessions(tx, {
        membershipId: membership.id,
        delta: size,
        reason: "purchased",
        note: size !== plan.sessions ? `Started with ${size} of ${plan.sessions} sessions` : null,
      });
      membership = { ...membership, sessionsRemaining: remaining };
    }

    await markMemberSince(tx, { clientId, companyId, startsAt });

    // M12: a promo code is redeemed (race-safely) with the membership; the payment due is the discounted price.
    const promo = input.promoCode
      ? await redeemPromoCode(tx, { code: input.promoCode, plan, clientId, membershipId: membership.id })
      : null;
    const dueCents = promo ? promo.dueCents : plan.priceCents;
    if (clientId && dueCents > 0 && input.source !== "import") {
      await insertPayment(tx, {
        clientId,
        membershipId: membership.id,
        amountCents: dueCents,
        currency: plan.currency,
        method: input.paymentMethod ?? null,
        description: plan.name,
      });
    }
    await audit(tx, {
      action: "membership.created",
      table: "memberships",
      rowId: membership.id,
      data: { planId: plan.id, source: input.source, holder: clientId ? "client" : "company" },
    });
    return { membership, created: true };
  });
}

/** S5: a member may buy a pack of a plan again only when every earlier pack of it is used up or over. */
async function refuseWhilePackUsable(ctx: Ctx, clientId: string, planId: string): Promise<void> {
  // Serialise purchases of one plan by one client, so two racing purchases cannot both pass the check.
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`pack:${ctx.studio.id}:${clientId}:${planId}`}))`);
  const packs = await ctx.db
    .select()
    .from(memberships)
    .where(
      and(eq(memberships.studioId, ctx.studio.id), eq(memberships.clientId, clientId), eq(memberships.planId, planId)),
    );
  const usable = packs.find(
    (m) => (m.sessionsRemaining ?? 0) > 0 && (grantsRights(m, ctx.now) || m.startsAt > ctx.now),
  );
  if (usable) {
    throw new RuleError(
      "pack_still_usable",
      `You still have ${usable.sessionsRemaining} session(s) on this pack. Use them up or wait until it ends before buying another.`,
    );
  }
}

/**
 * C3: member-since is set the first time a client becomes a member and never
 * cleared or moved later. A company membership makes every linked client a member.
 */
export async function markMemberSince(
  ctx: Ctx,
  p: { clientId: string | null; companyId: string | null; startsAt: Date },
): Promise<void> {
  const since = sql`least(coalesce(${clients.memberSince}, ${at(p.startsAt)}), ${at(p.startsAt)})`;
  if (p.clientId) {
    await ctx.db
      .update(clients)
      .set({ memberSince: since })
      .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, p.clientId)));
  } else if (p.companyId) {
    await ctx.db
      .update(clients)
      .set({ memberSince: since })
      .where(
        and(
          eq(clients.studioId, ctx.studio.id),
          sql`${clients.id} in (select ${companyClients.clientId} from ${companyClients} where ${companyClients.studioId} = ${ctx.studio.id} and ${companyClients.companyId} = ${p.companyId})`,
        ),
      );
  }
}
