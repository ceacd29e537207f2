/**
 * Bookings' public surface (STYLE December 2026 #2): the verbs and reads
 * `app/`, the API, the CLI and other areas call. Each checks its caller's
 * role itself. Helpers that skip that check are in ./internal.ts.
 */
export { attachBooking, AttachBookingInput, getAttendance, markAttendance, MarkAttendanceInput } from "./attendance";
export { bookSession, BookSessionInput, type BookingResult, type BookSessionOptions } from "./book-session";
export { toApiBooking, toApiWaitlistEntry } from "./booking-output";
export { calendarFeedContext, getCalendarToken, resetCalendarToken } from "./calendar-feed";
export { canBook, type BookingPreview } from "./can-book";
export {
  bookHousehold,
  HouseholdBookingInput,
  previewHouseholdBooking,
  type HouseholdPreview,
  type PersonPreview,
} from "./household-booking";
export {
  cancelBooking,
  CancelBookingInput,
  cancelPreview,
  type CancelPreview,
  type CancelResult,
} from "./cancel-booking";
export { cancelSession, CancelSessionInput } from "./cancel-session";
export { bookingPolicyText, feePolicyText, FEE_LABELS } from "./booking-fees";
export { guestBookingNeedsForm } from "./guest-booking";
export { isActiveBooking, listMyBookings, listMyWaitlist, type MyBooking } from "./my-bookings";
export { joinWaitlist, JoinWaitlistInput, leaveWaitlist, listWaitlist, type Promotion } from "./waitlist";
// B8 booking windows and B10 waitlist offers, for the portal.
export { bookingWindowFor, formatOpening, type BookingWindow } from "./book-session/booking-window";
export { claimWaitlistPlace, placeOffered, pastWaitlistCutoff } from "./waitlist";
