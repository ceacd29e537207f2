import { route, removeClientTagEndpoint } from "@/lib/api";

export const DELETE = route(removeClientTagEndpoint);
