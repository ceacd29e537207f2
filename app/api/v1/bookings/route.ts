import { route, createBookingEndpoint } from "@/lib/api";

export const POST = route(createBookingEndpoint);
