import { route, attachBookingEndpoint } from "@/lib/api";

export const POST = route(attachBookingEndpoint);
