import { route } from "@/lib/api/handler";
import { removeClientTagEndpoint } from "@/lib/api/endpoints";

export const DELETE = route(removeClientTagEndpoint);
