import type { Booking, WaitlistEntry } from "@/db/schema";

/** A booking as the platform API answers it (API.md "Bookings"). */
export function toApiBooking(b: Booking) {
  return {
    id: b.id,
    sessionId: b.sessionId,
    clientId: b.clientId,
    status: b.status,
    membershipId: b.membershipId,
    sessionTaken: b.sessionTaken,
    bookedBy: b.bookedBy,
    cancelledBy: b.cancelledBy,
    cancelledAt: b.cancelledAt?.toISOString() ?? null,
    present: b.present,
    createdAt: b.createdAt.toISOString(),
  };
}

/** A waitlist place as the platform API answers it (API.md "Classes and sessions", B4). */
export function toApiWaitlistEntry(e: WaitlistEntry) {
  return {
    id: e.id,
    sessionId: e.sessionId,
    clientId: e.clientId,
    position: e.position,
    createdAt: e.createdAt.toISOString(),
  };
}
