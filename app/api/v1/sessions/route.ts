import { route, listSessionsEndpoint } from "@/lib/api";

export const GET = route(listSessionsEndpoint);
