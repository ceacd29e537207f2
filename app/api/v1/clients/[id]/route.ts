import { route } from "@/lib/api/handler";
import { getClientEndpoint, updateClientEndpoint } from "@/lib/api/endpoints";

export const GET = route(getClientEndpoint);
export const PATCH = route(updateClientEndpoint);
