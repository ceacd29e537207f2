import type { Ctx } from "@/lib/core/ctx";
import { RuleError } from "@/lib/core/errors";
import { changeSessions } from "@/lib/memberships/ledger";
import type { PayerChoice } from "./choose-payer";

export type Payer = { membershipId: string | null; sessionTaken: boolean; sessionsRemaining: number | null };

export function paymentRequired(): RuleError {
  return new RuleError(
    "payment_required",
    "This drop-in is paid by card when you book: use “Book and pay” to go to the payment page.",
  );
}

export function noSessionsLeft(): RuleError {
  return new RuleError("no_sessions_left", "There are no sessions left on your pack. Buy a new pack to book.");
}

/**
 * Step 4, S1 and S4: the chosen payer pays. A pack's session is taken in one
 * guarded UPDATE with its ledger row naming the booking (two bookings racing
 * for a pack's last session spend it once; the foreign key to the booking is
 * checked at commit); the next pack is tried when one has run out. A refusal
 * kept by choosePayer is thrown here (bookSession then asks for the place
 * first, so a full session still answers class_full). The place is reserved
 * next, and a full session rolls this back.
 */
export async function takePayment(
  tx: Ctx,
  choice: PayerChoice,
  p: { bookingId: string; by: "member" | "staff" },
): Promise<Payer> {
  switch (choice.kind) {
    case "refused":
      throw choice.error;
    case "membership":
      return { membershipId: choice.membershipId, sessionTaken: false, sessionsRemaining: null };
    case "drop_in":
      if (choice.payNow) throw paymentRequired();
      return { membershipId: null, sessionTaken: false, sessionsRemaining: null };
    case "packs":
      for (const pack of choice.packs) {
        const after = await changeSessions(tx, {
          membershipId: pack.membershipId,
          delta: -1,
          reason: p.by === "member" ? "booked_by_member" : "booked_by_staff",
          bookingId: p.bookingId,
        });
        if (after !== null) return { membershipId: pack.membershipId, sessionTaken: true, sessionsRemaining: after };
      }
      throw noSessionsLeft();
  }
}
