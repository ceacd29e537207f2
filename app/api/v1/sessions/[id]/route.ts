import { route, getSessionEndpoint, updateSessionEndpoint } from "@/lib/api";

export const GET = route(getSessionEndpoint);
export const PATCH = route(updateSessionEndpoint);
