import { route, joinWaitlistEndpoint } from "@/lib/api";

export const POST = route(joinWaitlistEndpoint);
