import { route } from "@/lib/api/handler";
import { createBookingEndpoint } from "@/lib/api/endpoints";

export const POST = route(createBookingEndpoint);
