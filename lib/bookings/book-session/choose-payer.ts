import { and, eq, ne, sql } from "drizzle-orm";
import { bookings, classSessions, memberships, type Class, type ClassSession } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { NotFoundError, RuleError, type DomainError } from "@/lib/core/errors";
import { at } from "@/lib/core/sql";
import { listPayingMemberships } from "@/lib/households/household-access";
import type { HeldMembership } from "@/lib/memberships/client-memberships";
import { billingPeriodContaining } from "@/lib/memberships/membership-input";
import { coversSession } from "./booking-window";
import { takesCardPayments } from "./card-payments";

/**
 * Who pays for a booking, decided before the place is reserved (so the
 * session's row, which every booking of the class waits on, stays locked only
 * from the reservation to the commit). A refusal is kept and thrown once the
 * place is reserved, so `class_full` still comes first.
 */
export type PayerChoice =
  /** A membership that covers the class without spending sessions (recurring within its limit, or fixed). */
  | { kind: "membership"; membershipId: string }
  /** Session packs, the one that ends soonest first: a session is taken from the first that still has one (S4). */
  | { kind: "packs"; packs: { membershipId: string; sessionsRemaining: number | null }[] }
  /** Nobody's membership: a drop-in at the class's price. `payNow`: a card payment through checkout is needed first (P0). */
  | { kind: "drop_in"; priceCents: number; payNow: boolean }
  | { kind: "refused"; error: DomainError };

/** The billing period of a recurring membership that contains `instant` (anchored at its start; billingPeriodContaining). */
export function periodContaining(h: Pick<HeldMembership, "membership" | "plan">, instant: Date): [Date, Date] {
  return billingPeriodContaining(h.membership.startsAt, h.plan.interval, instant);
}

/**
 * M1 (issue 14 "Per-period booking limit race"): the membership's row, locked
 * until the booking commits, so two bookings paid by one limited membership
 * count its period one after the other instead of both reading "0 used".
 * `FOR NO KEY UPDATE`: it does not block a booking row's foreign-key check.
 */
async function lockMembership(ctx: Ctx, membershipId: string): Promise<void> {
  await ctx.db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.studioId, ctx.studio.id), eq(memberships.id, membershipId)))
    .for("no key update")
    .prepare("lock_limited_membership")
    .execute();
}

/** Bookings (not cancelled) a membership already paid for inside a period. */
export async function bookingsInPeriod(ctx: Ctx, membershipId: string, [from, to]: [Date, Date]): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(bookings)
    .innerJoin(
      classSessions,
      and(eq(classSessions.studioId, bookings.studioId), eq(classSessions.id, bookings.sessionId)),
    )
    .where(
      and(
        eq(bookings.studioId, ctx.studio.id),
        eq(bookings.membershipId, membershipId),
        ne(bookings.status, "cancelled"),
        sql`${classSessions.startsAt} >= ${at(from)} and ${classSessions.startsAt} < ${at(to)}`,
      ),
    );
  return row?.n ?? 0;
}

/** A guest's quick booking: a drop-in at the class's price, or refused where a membership is needed (B2). Never anyone's membership. */
export function guestChoice(cls: Class): PayerChoice {
  if (cls.memberOnly || cls.dropInPriceCents === null) {
    return {
      kind: "refused",
      error: new RuleError("membership_required", "This class is booked with a membership. Sign in to book it."),
    };
  }
  return { kind: "drop_in", priceCents: cls.dropInPriceCents, payNow: false };
}

/**
 * Step 3, S4 and B2: who pays. Covering memberships (valid now and still
 * valid when the class takes place, with member-only access where needed)
 * that spend nothing come first, within their per-period limit (M1); then the
 * session pack that ends soonest; staff may name the membership. With none: a
 * member-only class (or one with no drop-in price) refuses
 * (`membership_required`), another is a drop-in at its price, which a member
 * booking for itself pays by card first when the studio takes cards (P0).
 *
 * `lock`: the booking itself locks a limited membership before counting its
 * period (M1); a read-only question (canBook) does not.
 */
export async function choosePayer(
  ctx: Ctx,
  p: {
    clientId: string | null;
    session: ClassSession;
    cls: Class;
    explicit?: string;
    /** listPayingMemberships(clientId), when already read. */
    held?: HeldMembership[];
    lock: boolean;
    /** O4, H1 (canBook): bookings per membership that the same request makes before this one, not yet written. */
    alsoBooked?: Map<string, number>;
  },
): Promise<PayerChoice> {
  // H1: a household member's booking may also be paid by the primary customer's memberships.
  const held = p.held ?? (p.clientId ? await listPayingMemberships(ctx, p.clientId) : []);
  const covering = held.filter((h) => coversSession(h, p.session, p.cls));
  const candidates = p.explicit ? covering.filter((h) => h.membership.id === p.explicit) : covering;
  if (p.explicit && !candidates.length) {
    const error = !held.some((h) => h.membership.id === p.explicit)
      ? new NotFoundError("Membership")
      : new RuleError(
          "membership_not_active",
          "That membership cannot pay for this class (not active then, or no access).",
        );
    return { kind: "refused", error };
  }

  let limitReached = false;
  for (const h of candidates.filter((c) => c.plan.kind !== "sessions")) {
    if (h.plan.kind === "recurring" && h.plan.bookingLimitPerPeriod) {
      if (p.lock) await lockMembership(ctx, h.membership.id);
      const used =
        (await bookingsInPeriod(ctx, h.membership.id, periodContaining(h, p.session.startsAt))) +
        (p.alsoBooked?.get(h.membership.id) ?? 0);
      if (used >= h.plan.bookingLimitPerPeriod) {
        limitReached = true;
        continue;
      }
    }
    return { kind: "membership", membershipId: h.membership.id };
  }

  const packs = candidates
    .filter((c) => c.plan.kind === "sessions")
    .sort((a, b) => (a.membership.endsAt?.getTime() ?? Infinity) - (b.membership.endsAt?.getTime() ?? Infinity));
  if (packs.length)
    return {
      kind: "packs",
      packs: packs.map((h) => ({ membershipId: h.membership.id, sessionsRemaining: h.membership.sessionsRemaining })),
    };

  const refuse = (code: string, message: string): PayerChoice => ({
    kind: "refused",
    error: new RuleError(code, message),
  });
  if (limitReached) return refuse("booking_limit_reached", "Your membership's bookings for this period are used up.");
  if (p.cls.memberOnly)
    return refuse(
      "membership_required",
      "This class is for members. An active membership with access is needed to book it.",
    );
  if (p.cls.dropInPriceCents === null)
    return refuse("membership_required", "This class is booked with a membership; it has no drop-in option.");
  const priceCents = p.cls.dropInPriceCents;
  // P0: a member's own priced drop-in is paid by card first when the studio takes cards (checkout); staff, the
  // API and a member booking a household participant (no checkout for them) leave a payment due.
  const selfMember = ctx.actor.kind === "member" && p.clientId === ctx.actor.clientId;
  const payNow = selfMember && priceCents > 0 && (await takesCardPayments(ctx));
  return { kind: "drop_in", priceCents, payNow };
}
