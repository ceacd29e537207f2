/**
 * Bookings' helpers that skip the permission check (STYLE December 2026 #2):
 * for other verbs of lib/ that have checked their caller already, never for
 * `app/`. They run inside the caller's transaction.
 */
export { bookSessionWithMail } from "./book-session";
export { cancelInTransaction } from "./cancel-booking";
export { mailAboutBooking, type BookingMailKind } from "./mails";
export { loadBookingMailFacts, loadSession, type BookingMailFacts } from "./session-read";
export { promoteFromWaitlist } from "./waitlist";
export { loadBooking } from "./attendance";
export { countActiveBookings } from "./my-bookings";
