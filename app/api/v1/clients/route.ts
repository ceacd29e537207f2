import { route, createClientEndpoint, listClientsEndpoint } from "@/lib/api";

export const GET = route(listClientsEndpoint);
export const POST = route(createClientEndpoint);
