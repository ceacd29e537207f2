import { route } from "@/lib/api/handler";
import { attachBookingEndpoint } from "@/lib/api/endpoints";

export const POST = route(attachBookingEndpoint);
