import { route } from "@/lib/api/handler";
import { cancelBookingEndpoint } from "@/lib/api/endpoints";

export const POST = route(cancelBookingEndpoint);
