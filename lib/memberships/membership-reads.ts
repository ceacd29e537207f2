import type { LedgerRow, Membership } from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { loadMembership } from "./get-membership";
import { loadLedger } from "./ledger";

/** One membership of this studio, for staff and API keys; another studio's id is "not found". */
export async function getMembership(ctx: Ctx, id: string): Promise<Membership> {
  requirePermission(ctx, "memberships.read");
  return loadMembership(ctx, id);
}

/** S2: a membership's ledger, oldest first; another studio's membership is "not found", not an empty list. */
export async function getMembershipLedger(ctx: Ctx, id: string): Promise<LedgerRow[]> {
  requirePermission(ctx, "memberships.read");
  const m = await loadMembership(ctx, id);
  return loadLedger(ctx, m.id);
}

/** A ledger row as the API shows it (API.md "Memberships"): `actor` is who changed the count. */
export function toApiLedgerEntry(r: LedgerRow) {
  return {
    delta: r.delta,
    balanceAfter: r.balanceAfter,
    reason: r.reason,
    actor: { type: r.actorType, id: r.actorId },
    bookingId: r.bookingId,
    note: r.note,
    at: r.at.toISOString(),
  };
}
