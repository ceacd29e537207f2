import { route } from "@/lib/api/handler";
import { mergeClientsEndpoint } from "@/lib/api/endpoints";

export const POST = route(mergeClientsEndpoint);
