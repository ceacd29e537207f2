import { route, mergeClientsEndpoint } from "@/lib/api";

export const POST = route(mergeClientsEndpoint);
