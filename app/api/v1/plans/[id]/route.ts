import { route, getPlanEndpoint } from "@/lib/api";

export const GET = route(getPlanEndpoint);
