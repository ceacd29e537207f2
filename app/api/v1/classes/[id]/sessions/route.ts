import { route, createSessionsEndpoint } from "@/lib/api";

export const POST = route(createSessionsEndpoint);
