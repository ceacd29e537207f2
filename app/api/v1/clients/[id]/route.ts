import { route, deleteClientEndpoint, getClientEndpoint, updateClientEndpoint } from "@/lib/api";

export const GET = route(getClientEndpoint);
export const PATCH = route(updateClientEndpoint);
export const DELETE = route(deleteClientEndpoint);
