import { route } from "@/lib/api/handler";
import { createCheckInEndpoint } from "@/lib/api/endpoints";

export const POST = route(createCheckInEndpoint);
