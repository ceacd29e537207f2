import { route } from "@/lib/api/handler";
import { deleteClientEndpoint, getClientEndpoint, updateClientEndpoint } from "@/lib/api/endpoints";

export const GET = route(getClientEndpoint);
export const PATCH = route(updateClientEndpoint);
export const DELETE = route(deleteClientEndpoint);
