import { route } from "@/lib/api/handler";
import { createSessionsEndpoint } from "@/lib/api/endpoints";

export const POST = route(createSessionsEndpoint);
