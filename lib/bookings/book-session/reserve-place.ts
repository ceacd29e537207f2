import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { classSessions } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { RuleError } from "@/lib/core/errors";
import { encoded, statement } from "@/lib/core/statements";

/**
 * Step 5, B1: the place, reserved with one check-and-change on the session's
 * count, so a class never holds more bookings than places however many arrive
 * at once. From here to the commit the session's row is locked and every other
 * booking and cancel of the session waits, so only the booking's own writes
 * follow it (issue 20: run before the payment, it held the lock for four round
 * trips and the commit).
 */
export async function reservePlace(tx: Ctx, sessionId: string): Promise<void> {
  const [reserved] = await reservePlaceStatement(tx.db, { studioId: tx.studio.id, sessionId, now: tx.now });
  if (!reserved) throw classFull();
}

const reservePlaceStatement = statement((db, $: { studioId: string; sessionId: string; now: Date }) =>
  db
    .update(classSessions)
    .set({ bookedCount: sql`${classSessions.bookedCount} + 1` })
    .where(
      and(
        eq(classSessions.studioId, $.studioId),
        eq(classSessions.id, $.sessionId),
        lt(classSessions.bookedCount, classSessions.capacity),
        isNull(classSessions.cancelledAt),
        gt(classSessions.startsAt, encoded($.now, classSessions.startsAt)),
      ),
    )
    .returning({ id: classSessions.id })
    .prepare("reserve_place"),
);

export function classFull(): RuleError {
  return new RuleError("class_full", "This session is full. Join the waitlist to be booked when a place frees up.");
}
