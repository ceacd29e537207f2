import { route, getCardEndpoint } from "@/lib/api";

export const GET = route(getCardEndpoint);
