import { route, addClientTagEndpoint } from "@/lib/api";

export const POST = route(addClientTagEndpoint);
