import { route } from "@/lib/api/handler";
import { joinWaitlistEndpoint } from "@/lib/api/endpoints";

export const POST = route(joinWaitlistEndpoint);
