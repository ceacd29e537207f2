import { route } from "@/lib/api/handler";
import { listSessionsEndpoint } from "@/lib/api/endpoints";

export const GET = route(listSessionsEndpoint);
