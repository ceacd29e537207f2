import { route, cancelBookingEndpoint } from "@/lib/api";

export const POST = route(cancelBookingEndpoint);
