import { route } from "@/lib/api/handler";
import { createClientEndpoint, listClientsEndpoint } from "@/lib/api/endpoints";

export const GET = route(listClientsEndpoint);
export const POST = route(createClientEndpoint);
