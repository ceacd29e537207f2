import type { ApiClient } from "@/lib/clients/client-input";

/** How a client came to exist (C2 "source"), in words staff read. */
export const SOURCE_LABELS: Record<ApiClient["source"], string> = {
  staff: "Added by staff",
  booking: "Booking",
  membership: "Membership",
  waitlist: "Waitlist",
  embed: "Website signup",
  portal: "Member portal",
  import: "Import",
  api: "API",
};
