import { route } from "@/lib/api/handler";
import { getSessionEndpoint } from "@/lib/api/endpoints";

export const GET = route(getSessionEndpoint);
