import { route } from "@/lib/api/handler";
import { getCohortsEndpoint } from "@/lib/api/endpoints";

export const GET = route(getCohortsEndpoint);
