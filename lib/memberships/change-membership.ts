import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { memberships, type Membership } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { InvalidInputError, isUniqueViolation, RuleError } from "@/lib/core/errors";
import { parseInput } from "@/lib/core/validation";
import { insertPayment, StaffPaymentMethod } from "@/lib/payments/payments";
import { getPlan } from "@/lib/plans/plans";
import { effectiveStatus } from "./effective-status";
import { loadMembership } from "./get-membership";
import { changeSessions } from "./ledger";
import { Instant, periodEnd } from "./membership-input";

async function save(ctx: Ctx, id: string, patch: Partial<typeof memberships.$inferInsert>): Promise<Membership> {
  const [row] = await ctx.db
    .update(memberships)
    .set({ ...patch, updatedAt: ctx.now })
    .where(and(eq(memberships.studioId, ctx.studio.id), eq(memberships.id, id)))
    .returning();
  return row!;
}

const Reason = z.string().trim().max(500).optional();

export const CancelMembershipInput = z.object({ reason: Reason });

/** Cancels a membership (M8): its rights end now; the client and the history stay. */
export async function cancelMembership(ctx: Ctx, id: string, raw: { reason?: string } = {}): Promise<Membership> {
  requirePermission(ctx, "memberships.sell");
  const { reason } = parseInput(CancelMembershipInput, raw);
  return inTransaction(ctx, async (tx) => {
    const m = await loadMembership(tx, id, { forUpdate: true });
    const status = effectiveStatus(m, ctx.now);
    if (status === "cancelled" || status === "expired") {
      throw new RuleError("membership_not_active", `This membership is already ${status}.`);
    }
    const row = await save(tx, id, { status: "cancelled", cancelledAt: ctx.now });
    await audit(tx, {
      action: "membership.cancelled",
      table: "memberships",
      rowId: id,
      data: { reason: reason ?? null },
    });
    return row;
  });
}

export const SuspendInput = z
  .object({ from: Instant, until: Instant, reason: Reason })
  .refine((v) => v.until > v.from, { path: ["until"], error: "The suspension must end after it starts." });

/**
 * M9: stops the membership's rights from `from` to `until` and moves its end
 * later by that length. One suspension at a time.
 */
export async function suspendMembership(ctx: Ctx, id: string, raw: z.input<typeof SuspendInput>): Promise<Membership> {
  requirePermission(ctx, "memberships.sell");
  const input = parseInput(SuspendInput, raw);
  return inTransaction(ctx, async (tx) => {
    const m = await loadMembership(tx, id, { forUpdate: true });
    const status = effectiveStatus(m, ctx.now);
    if (status === "cancelled" || status === "expired") {
      throw new RuleError("membership_not_active", `A ${status} membership cannot be suspended.`);
    }
    if (m.suspendedUntil && m.suspendedUntil > ctx.now) {
      throw new RuleError("already_suspended", "This membership already has a suspension planned or running.");
    }
    if (m.endsAt && input.from >= m.endsAt) {
      throw new InvalidInputError("The suspension must start before the membership ends.", {
        from: ["Starts after the membership ends."],
      });
    }
    const length = input.until.getTime() - input.from.getTime();
    const row = await save(tx, id, {
      suspendedFrom: input.from,
      suspendedUntil: input.until,
      endsAt: m.endsAt ? new Date(m.endsAt.getTime() + length) : null,
    });
    await audit(tx, {
      action: "membership.suspended",
      table: "memberships",
      rowId: id,
      data: {
        from: input.from.toISOString(),
        until: input.until.toISOString(),
        reason: input.reason ?? null,
        endsAtBefore: m.endsAt?.toISOString() ?? null,
      },
    });
    return row;
  });
}

export const ExtendInput = z.object({ paymentMethod: StaffPaymentMethod.nullable().optional(), reason: Reason });

/**
 * S5: staff extend a membership at any time. A session pack starts a new period
 * now with a fresh count, and its unused sessions are forfeited with a ledger
 * row; a fixed plan gets another D days after its current end (or from now if
 * it has ended). The row is locked, so two staff extending at once extend twice,
 * each from a consistent count. Records the sale's payment (P0).
 */
export async function extendMembership(
  ctx: Ctx,
  id: string,
  raw: z.input<typeof ExtendInput> = {},
): Promise<Membership> {
  requirePermission(ctx, "memberships.sell");
  const input = parseInput(ExtendInput, raw);
  try {
    return await extendInTransaction(ctx, id, input);
  } catch (e) {
    // M10: the holder already has a membership of this plan starting at this very instant; nothing was written.
    if (isUniqueViolation(e)) {
      throw new RuleError(
        "membership_conflict",
        "This client already has a membership of this plan starting now. Try again in a moment.",
      );
    }
    throw e;
  }
}

async function extendInTransaction(ctx: Ctx, id: string, input: z.output<typeof ExtendInput>): Promise<Membership> {
  return inTransaction(ctx, async (tx) => {
    const m = await loadMembership(tx, id, { forUpdate: true });
    const plan = await getPlan(tx, m.planId);
    if (plan.kind === "recurring") {
      throw new RuleError(
        "not_extendable",
        "A recurring membership renews with its billing; it is not extended by hand.",
      );
    }
    let row: Membership;
    if (plan.kind === "sessions") {
      if ((m.sessionsRemaining ?? 0) > 0) {
        await changeSessions(tx, {
          membershipId: id,
          delta: -m.sessionsRemaining!,
          reason: "forfeited_on_extension",
          note: input.reason ?? null,
        });
      }
      await save(tx, id, {
        startsAt: ctx.now,
        endsAt: periodEnd(plan, ctx.now),
        status: "active",
        sessionsTotal: plan.sessions,
        cancelledAt: null,
      });
      await changeSessions(tx, { membershipId: id, delta: plan.sessions!, reason: "purchased", note: "Extended" });
      row = await loadMembership(tx, id);
    } else {
      const from = m.endsAt && m.endsAt > ctx.now && effectiveStatus(m, ctx.now) !== "cancelled" ? m.endsAt : ctx.now;
      row = await save(tx, id, {
        ...(from === ctx.now && { startsAt: ctx.now }),
        endsAt: periodEnd(plan, from),
        status: "active",
        cancelledAt: null,
      });
    }
    if (m.clientId && plan.priceCents > 0) {
      await insertPayment(tx, {
        clientId: m.clientId,
        membershipId: id,
        amountCents: plan.priceCents,
        currency: plan.currency,
        method: input.paymentMethod ?? null,
        description: `${plan.name} (extension)`,
      });
    }
    await audit(tx, {
      action: "membership.extended",
      table: "memberships",
      rowId: id,
      data: { endsAt: row.endsAt?.toISOString() ?? null, reason: input.reason ?? null },
    });
    return row;
  });
}

export const AdjustInput = z
  .object({
    endsAt: Instant.nullable().optional(),
    sessionsDelta: z
      .number({ error: "Enter a whole number, e.g. 2 to add or -2 to take away." })
      .int({ error: "Enter a whole number, e.g. 2 to add or -2 to take away." })
      .min(-1000)
      .max(1000)
      .refine((n) => n !== 0, { error: "Change the count by at least one." })
      .optional(),
    reason: z.string().trim().min(3, { error: "Say why (it is kept in the membership's history)." }).max(500),
  })
  .refine((v) => v.endsAt !== undefined || v.sessionsDelta !== undefined, {
    path: ["sessionsDelta"],
    error: "Change the end date or the sessions.",
  });

/** Staff correct a membership's end date or session count, with a reason kept in its history (S2 adjusted_by_staff). */
export async function adjustMembership(ctx: Ctx, id: string, raw: z.input<typeof AdjustInput>): Promise<Membership> {
  requirePermission(ctx, "memberships.sell");
  const input = parseInput(AdjustInput, raw);
  return inTransaction(ctx, async (tx) => {
    const m = await loadMembership(tx, id, { forUpdate: true });
    if (input.sessionsDelta !== undefined) {
      if (m.sessionsRemaining === null) {
        throw new InvalidInputError("Only session packs have a session count.", {
          sessionsDelta: ["This membership has no session count."],
        });
      }
      const after = await changeSessions(tx, {
        membershipId: id,
        delta: input.sessionsDelta,
        reason: "adjusted_by_staff",
        note: input.reason,
      });
      if (after === null) {
        throw new InvalidInputError(
          `Only ${m.sessionsRemaining} session(s) are left; the count cannot go below zero.`,
          {
            sessionsDelta: [`At most ${m.sessionsRemaining} can be taken away.`],
          },
        );
      }
    }
    if (input.endsAt !== undefined) {
      if (input.endsAt && input.endsAt <= m.startsAt) {
        throw new InvalidInputError("The end must be after the start.", {
          endsAt: ["The end must be after the start."],
        });
      }
      // A corrected end in the future revives a membership the sweep had expired.
      const revive = m.status === "expired" && (input.endsAt === null || input.endsAt > ctx.now);
      await save(tx, id, { endsAt: input.endsAt, ...(revive && { status: "active" as const }) });
      await audit(tx, {
        action: "membership.end_changed",
        table: "memberships",
        rowId: id,
        data: { from: m.endsAt?.toISOString() ?? null, to: input.endsAt?.toISOString() ?? null, reason: input.reason },
      });
    }
    return loadMembership(tx, id);
  });
}
